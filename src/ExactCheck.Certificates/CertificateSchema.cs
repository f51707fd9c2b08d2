namespace ExactCheck.Certificates;

/// <summary>
/// The JSON Schema each certificate names in its top-level <c>"$schema"</c> key. The value is a fixed URI, the same
/// wherever the file lies, in the reserved top-level domain <c>.invalid</c> so that no tool ever fetches it from the
/// network: tools map the prefix <see cref="BaseUri"/> to the repository's <c>docs/schema/</c> folder
/// (docs/decisions.md, "JSON Schema"). One schema file per claim kind: kind <c>a/b</c> is
/// <c>docs/schema/certificate-1/a/b.schema.json</c>. The checker reads <c>$schema</c> only as a string; it never
/// validates against the schema and never lets it change a verdict (the schema is for editors and other languages).
/// </summary>
public static class CertificateSchema
{
    /// <summary>The URI prefix that stands for <c>docs/schema/</c>.</summary>
    public const string BaseUri = "https://exactcheck.invalid/schema/";

    /// <summary>The schema URI for certificates of format 1 and the given claim kind.</summary>
    public static string For(string kind) => $"{BaseUri}certificate-1/{kind}.schema.json";

    /// <summary>The path below <c>docs/schema/</c> that a schema URI stands for, or null when it has another prefix.</summary>
    public static string? RelativePath(string uri) =>
        uri.StartsWith(BaseUri, StringComparison.Ordinal) ? uri[BaseUri.Length..] : null;
}
