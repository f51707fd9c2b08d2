using ExactCheck.Certificates;

namespace ExactCheck.Search.Import;

/// <summary>
/// Reads claimed points from a JSON point file, a JSON list of points, an exactcheck certificate, a CSV file or a
/// MATLAB MAT v5 result file (variable WbadNew). Every number is read exactly: decimal text through
/// <see cref="Arithmetic.Rational.Parse"/>, MAT doubles through <see cref="Arithmetic.Rational.FromDouble"/>. Bad input
/// gives an <see cref="ImportException"/> naming the file, the position and what was expected.
/// </summary>
public static class PointImporter
{
    /// <summary>Largest k and n accepted (the certificate format's limit).</summary>
    public const int MaxDimension = SafranShamirLocalMinimum.MaxDimension;

    /// <summary>
    /// Loads every point in <paramref name="path"/>. The format is recognised from the content (MAT v5 header, a JSON
    /// object) and otherwise from the extension (.mat, .json; anything else is read as CSV). <paramref name="k"/> and
    /// <paramref name="n"/> (the --k/--n options), when given, fix the shape of CSV points and must agree with every
    /// point of any other format.
    /// </summary>
    public static ImportResult Load(string path, int? k = null, int? n = null)
    {
        CheckArgument(path, "k", k);
        CheckArgument(path, "n", n);
        if (Directory.Exists(path)) throw new ImportException(path, "", "is a directory: expected a .json, .csv or .mat file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => $"cannot be read ({e.Message})",
            };
            throw new ImportException(path, "", why, e);
        }

        var format = Detect(path, bytes);
        var result = format switch
        {
            Format.Mat => MatPointReader.Read(path, bytes),
            Format.Json => JsonPointReader.Read(path, bytes),
            _ => CsvPointReader.Read(path, bytes, k, n),
        };
        foreach (var p in result.Points)
        {
            if (k is { } kk && p.K != kk)
                throw new ImportException(path, PositionOf(path, p), $"expected k = {kk} (from --k), but this point has k = {p.K}");
            if (n is { } nn && p.N != nn)
                throw new ImportException(path, PositionOf(path, p), $"expected n = {nn} (from --n), but this point has n = {p.N}");
        }
        if (result.Points.Count == 0)
            throw new ImportException(path, "", "no points found" + (result.Notes.Count > 0 ? $" ({string.Join("; ", result.Notes)})" : ""));
        return result;
    }

    private enum Format { Mat, Json, Csv }

    private static Format Detect(string path, byte[] bytes)
    {
        if (MatFile.LooksLikeMat(bytes)) return Format.Mat;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".mat") return Format.Mat; // MatFile reports what is wrong with the header
        int i = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i < bytes.Length && bytes[i] is (byte)'{' or (byte)'[') return Format.Json;
        return ext == ".json" ? Format.Json : Format.Csv;
    }

    private static void CheckArgument(string path, string name, int? value)
    {
        if (value is { } v && (v < 1 || v > MaxDimension))
            throw new ImportException(path, "", $"--{name} {v}: expected an integer in [1, {MaxDimension}]");
    }

    /// <summary>"&lt;file name&gt;: &lt;position&gt;", the form of every <see cref="ImportedPoint.Origin"/>.</summary>
    internal static string Origin(string path, string position) => $"{Path.GetFileName(path)}: {position}";

    /// <summary>The position part of an origin made by <see cref="Origin"/>.</summary>
    private static string PositionOf(string path, ImportedPoint p)
    {
        var prefix = Path.GetFileName(path) + ": ";
        return p.Origin.StartsWith(prefix, StringComparison.Ordinal) ? p.Origin[prefix.Length..] : p.Origin;
    }
}
