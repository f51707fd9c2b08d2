using System.Text;
using System.Text.RegularExpressions;
using ExactCheck.Arithmetic;
using ExactCheck.Certificates;

namespace ExactCheck.Search.Import;

/// <summary>
/// CSV input: one neuron per row, k comma-separated exact numbers per row ("0.1", "-2.5e-3", "7/3"); blank lines
/// separate points; lines starting with '#' are comments. A header comment "# k=6 n=6" before the first row, or the
/// --k/--n options, fix the shape: then every row must have k values and each block between blank lines is split into
/// points of n rows (a block whose row count is not a multiple of n is an error). Without them k is the first row's
/// column count and each block is one point (n = its row count).
/// </summary>
internal static partial class CsvPointReader
{
    [GeneratedRegex(@"^#\s*k\s*=")]
    private static partial Regex HeaderStart();

    [GeneratedRegex(@"^#\s*k\s*=\s*(?<k>\d{1,9})\s*[,;]?\s*n\s*=\s*(?<n>\d{1,9})\s*$")]
    private static partial Regex Header();

    private sealed record Row(int Line, Rational[] Values);

    public static ImportResult Read(string path, byte[] bytes, int? kArgument, int? nArgument)
    {
        string text;
        try
        {
            int skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            throw new ImportException(path, "", "expected a text file (CSV: rows of comma-separated numbers; or a .json / .mat file), but it is not valid UTF-8", e);
        }

        int? k = kArgument, n = nArgument;
        string kFrom = "--k", nFrom = "--n";
        var lines = text.Split('\n');
        var blocks = new List<List<Row>>();
        var block = new List<Row>();
        for (int li = 0; li < lines.Length; li++)
        {
            int lineNo = li + 1;
            var line = lines[li].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                if (block.Count > 0) { blocks.Add(block); block = []; }
                continue;
            }
            if (trimmed[0] == '#')
            {
                if (HeaderStart().IsMatch(trimmed))
                {
                    if (blocks.Count > 0 || block.Count > 0)
                        throw new ImportException(path, $"{lineNo}", "the shape header '# k=<k> n=<n>' must come before the first row");
                    var m = Header().Match(trimmed);
                    if (!m.Success)
                        throw new ImportException(path, $"{lineNo}", $"expected a shape header '# k=<k> n=<n>' (e.g. '# k=6 n=6'), found '{Shorten(trimmed)}'");
                    int hk = ParseDimension(path, lineNo, "k", m.Groups["k"].Value), hn = ParseDimension(path, lineNo, "n", m.Groups["n"].Value);
                    if (kArgument is { } ak && ak != hk)
                        throw new ImportException(path, $"{lineNo}", $"the header says k = {hk} but --k {ak} was given");
                    if (nArgument is { } an && an != hn)
                        throw new ImportException(path, $"{lineNo}", $"the header says n = {hn} but --n {an} was given");
                    (k, n) = (hk, hn);
                    kFrom = nFrom = $"the header on line {lineNo}";
                }
                continue;
            }
            var fields = Fields(line);
            if (k is null)
            {
                if (fields.Count > PointImporter.MaxDimension)
                    throw new ImportException(path, $"{lineNo}:{fields[PointImporter.MaxDimension].Column}",
                        $"expected at most {PointImporter.MaxDimension} values per row (k ≤ {PointImporter.MaxDimension}), found {fields.Count}");
                k = fields.Count;
                kFrom = $"the first row, line {lineNo}";
            }
            if (fields.Count != k)
            {
                int column = fields.Count > k ? fields[k.Value].Column : line.TrimEnd().Length + 1;
                throw new ImportException(path, $"{lineNo}:{column}", $"expected k = {k} comma-separated values per row ({kFrom}), found {fields.Count}");
            }
            var values = new Rational[fields.Count];
            for (int a = 0; a < fields.Count; a++)
            {
                var (column, field) = fields[a];
                values[a] = ParseNumber(path, lineNo, column, field);
            }
            block.Add(new Row(lineNo, values));
        }
        if (block.Count > 0) blocks.Add(block);

        var points = new List<ImportedPoint>();
        foreach (var b in blocks)
        {
            int first = b[0].Line, last = b[^1].Line;
            if (n is { } nn)
            {
                if (b.Count % nn != 0)
                    throw new ImportException(path, $"{first}",
                        $"expected n = {nn} rows per point, one neuron per row ({nFrom}), but the block of lines {first}-{last} has {b.Count} rows; separate points by blank lines");
                for (int s = 0; s < b.Count; s += nn) points.Add(MakePoint(path, points.Count + 1, b.GetRange(s, nn)));
            }
            else
            {
                if (b.Count > PointImporter.MaxDimension)
                    throw new ImportException(path, $"{first}",
                        $"expected at most {PointImporter.MaxDimension} rows per point (n ≤ {PointImporter.MaxDimension}), but the block of lines {first}-{last} has {b.Count}; separate points by blank lines");
                points.Add(MakePoint(path, points.Count + 1, b));
            }
        }
        if (points.Count == 0)
            throw new ImportException(path, "", "no points found: expected rows of k comma-separated numbers, one neuron per row, points separated by blank lines");
        return new ImportResult(points, []);
    }

    private static ImportedPoint MakePoint(string path, int index, List<Row> rows)
    {
        int first = rows[0].Line, last = rows[^1].Line;
        var where = first == last ? $"line {first}" : $"lines {first}-{last}";
        return new ImportedPoint(index, rows[0].Values.Length, rows.Count, rows.Select(r => r.Values).ToArray(), PointImporter.Origin(path, where));
    }

    private static int ParseDimension(string path, int lineNo, string name, string digits)
    {
        int v = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        if (v < 1 || v > PointImporter.MaxDimension)
            throw new ImportException(path, $"{lineNo}", $"{name} = {v} in the header: expected an integer in [1, {PointImporter.MaxDimension}]");
        return v;
    }

    /// <summary>The comma-separated fields of a row, trimmed, with the 1-based column where each starts.</summary>
    private static List<(int Column, string Text)> Fields(string line)
    {
        var fields = new List<(int, string)>();
        int start = 0;
        while (true)
        {
            int comma = line.IndexOf(',', start);
            int end = comma < 0 ? line.Length : comma;
            int s = start;
            while (s < end && char.IsWhiteSpace(line[s])) s++;
            var field = line[s..end].TrimEnd();
            fields.Add((s + 1, field));
            if (comma < 0) return fields;
            start = comma + 1;
        }
    }

    private static Rational ParseNumber(string path, int lineNo, int column, string field)
    {
        var text = field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1] : field;
        if (text.Length == 0)
            throw new ImportException(path, $"{lineNo}:{column}", "expected a number, found nothing");
        if (text.Length > Json.MaxNumberLength)
            throw new ImportException(path, $"{lineNo}:{column}", $"number has {text.Length} characters, limit {Json.MaxNumberLength}");
        if (!Rational.TryParse(text, out var value, out var error))
        {
            var hint = text.Any(c => c is ' ' or '\t' or ';') ? " (values are separated by commas)"
                : error.Contains("exponent", StringComparison.Ordinal) ? $" ({error})"
                : " (an exact decimal such as 0.1, -2.5e-3, or p/q)";
            throw new ImportException(path, $"{lineNo}:{column}", $"expected a number, found '{Shorten(text)}'{hint}");
        }
        return value;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
