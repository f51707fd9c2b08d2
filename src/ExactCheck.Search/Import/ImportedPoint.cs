using ExactCheck.Arithmetic;

namespace ExactCheck.Search.Import;

/// <summary>
/// One claimed point read from a file: <paramref name="Neurons"/> holds n arrays of k exact coordinates, one neuron wᵢ
/// per array. <paramref name="Index"/> is 1-based within its file (for a MAT file it is the slice number c of
/// WbadNew(:,:,c)); <paramref name="Origin"/> says where it came from ("newExp-6-6.mat: WbadNew(:,:,2)",
/// "points.csv: lines 4-9", "p.json: $.points[1]").
/// </summary>
public sealed record ImportedPoint(int Index, int K, int N, Rational[][] Neurons, string Origin)
{
    /// <summary>Target vectors when the file states them (JSON "targets", certificate claim.model.targets); null = identity (vⱼ = eⱼ).</summary>
    public Rational[][]? Targets { get; init; }

    /// <summary>The point's "name" when the file gives one (JSON only).</summary>
    public string? Name { get; init; }

    /// <summary>The point's "source" when the file gives one (JSON "source", a certificate's provenance.source).</summary>
    public string? Source { get; init; }
}

/// <summary>The points of one file, in file order, and notes on what was skipped or repaired while reading it.</summary>
public sealed record ImportResult(IReadOnlyList<ImportedPoint> Points, IReadOnlyList<string> Notes);

/// <summary>
/// A file that cannot be imported. <see cref="File"/> is the path as given, <see cref="Position"/> where the problem is
/// ("4:3" = line 4, column 3; a JSON path "$.points[1].neurons[2]"; "WbadNew at byte 128"; empty for the whole file)
/// and <see cref="Detail"/> what was expected. The message joins the three: "points.csv:4:3: expected a number, found 'abc'".
/// </summary>
public sealed class ImportException : Exception
{
    public ImportException(string file, string position, string detail, Exception? inner = null)
        : base(Format(file, position, detail), inner)
    {
        File = file;
        Position = position;
        Detail = detail;
    }

    public string File { get; }
    public string Position { get; }
    public string Detail { get; }

    private static string Format(string file, string position, string detail)
    {
        if (position.Length == 0) return $"{file}: {detail}";
        // line:column positions attach to the file name the way compilers print them
        bool lineColumn = position.All(c => char.IsAsciiDigit(c) || c == ':') && char.IsAsciiDigit(position[0]);
        return lineColumn ? $"{file}:{position}: {detail}" : $"{file}: {position}: {detail}";
    }
}
