using ExactCheck.Arithmetic;

namespace ExactCheck.Search.Import;

/// <summary>
/// The Safran–Shamir result files: variable WbadNew, k × n × count (k × n for one point), column i of slice c is
/// neuron wᵢ of point c. Each double becomes the exact rational it denotes. Every other variable is skipped with a note
/// (the files hold MATLAB symbolic objects beside it), and so is a slice holding NaN or Inf.
/// </summary>
internal static class MatPointReader
{
    public const string Variable = "WbadNew";

    public static ImportResult Read(string path, byte[] bytes)
    {
        var file = MatFile.Read(path, bytes);
        var name = Path.GetFileName(path);
        var notes = new List<string>();
        foreach (var problem in file.Problems) notes.Add($"{name}: {problem}");
        var candidates = file.Variables.Where(v => v.Name == Variable).ToList();
        foreach (var v in file.Variables.Where(v => v.Name != Variable))
        {
            if (v.Name.Length == 0)
                notes.Add(v.Offset == file.SubsystemOffset
                    ? $"{name}: skipped the subsystem data at byte {v.Offset} ({v.Describe()}: MATLAB's store for the object variables)"
                    : $"{name}: skipped an unnamed {(v.Remark == "empty array" ? "empty array" : v.Describe())} at byte {v.Offset}");
            else
                notes.Add($"{name}: skipped variable '{v.Name}' ({v.Describe()}) at byte {v.Offset}: only {Variable} is read");
        }

        if (candidates.Count == 0)
        {
            var found = file.Variables.Where(v => v.Name.Length > 0).Select(v => $"{v.Name} ({v.Describe()})").ToList();
            var list = found.Count == 0 ? "none" : string.Join(", ", found);
            var broken = file.Problems.FirstOrDefault(p => p.Variable == Variable);
            if (broken is not null)
                throw new ImportException(path, $"{Variable} at byte {broken.Offset}", $"variable {Variable} is unreadable: {broken.Message}; other variables found: {list}");
            var problems = file.Problems.Count > 0 ? $"; unreadable elements: {string.Join("; ", file.Problems)}" : "";
            throw new ImportException(path, "", $"expected a variable {Variable} (k × n × count, one neuron per column); variables found: {list}{problems}");
        }
        var w = candidates[0];
        foreach (var extra in candidates.Skip(1))
            notes.Add($"{name}: a second variable {Variable} at byte {extra.Offset} was ignored; the first, at byte {w.Offset}, is read");
        var at = $"{Variable} at byte {w.Offset}";
        if (w.Real is null)
            throw new ImportException(path, at, $"expected a numeric (double) k × n × count array, found {w.Describe()}");

        // Shape: k × n, or k × n × count; trailing singleton dimensions are allowed.
        var dims = w.Dims.ToList();
        while (dims.Count > 3 && dims[^1] == 1) dims.RemoveAt(dims.Count - 1);
        if (dims.Count > 3)
            throw new ImportException(path, at, $"expected a k × n × count array, found {w.Size}");
        int k = dims[0], n = dims[1], count = dims.Count == 3 ? dims[2] : 1;
        if (k == 0 || n == 0 || count == 0)
            throw new ImportException(path, at, $"{Variable} is empty ({w.Size}): expected k × n × count with k, n, count ≥ 1");
        if (k > PointImporter.MaxDimension || n > PointImporter.MaxDimension)
            throw new ImportException(path, at, $"{Variable} is {w.Size}: expected k, n ≤ {PointImporter.MaxDimension}");
        if (w.Imaginary is { } im)
        {
            for (int i = 0; i < im.Count; i++)
                if (!im.TryGetRational(i, out var v) || !v.IsZero)
                    throw new ImportException(path, at, $"{Variable} is complex ({Index(i, k, n)} has a nonzero imaginary part): expected real numbers");
            notes.Add($"{name}: {Variable} is stored as complex with a zero imaginary part; the real part is read");
        }

        var points = new List<ImportedPoint>();
        bool sliced = dims.Count == 3;
        for (int c = 0; c < count; c++)
        {
            var neurons = new Rational[n][];
            string? bad = null;
            for (int i = 0; i < n && bad is null; i++)
            {
                neurons[i] = new Rational[k];
                for (int a = 0; a < k; a++)
                {
                    int index = a + k * (i + n * c); // column-major
                    if (!w.Real.TryGetRational(index, out neurons[i][a]))
                    {
                        bad = $"{Index(index, k, n)} = {w.Real.GetDouble(index)}";
                        break;
                    }
                }
            }
            var where = sliced ? $"{Variable}(:,:,{c + 1})" : Variable;
            if (bad is not null)
            {
                notes.Add($"{name}: skipped {where}: {bad}, expected finite numbers");
                continue;
            }
            points.Add(new ImportedPoint(c + 1, k, n, neurons, PointImporter.Origin(path, where)));
        }
        if (points.Count == 0)
            throw new ImportException(path, at, $"no usable point in {Variable}: every slice holds NaN or Inf");
        return new ImportResult(points, notes);
    }

    /// <summary>MATLAB's 1-based subscript of column-major index <paramref name="index"/>: "WbadNew(3,4,2)".</summary>
    private static string Index(int index, int k, int n) =>
        $"{Variable}({index % k + 1},{index / k % n + 1},{index / (k * n) + 1})";
}
