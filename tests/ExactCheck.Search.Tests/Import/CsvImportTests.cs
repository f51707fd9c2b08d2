using ExactCheck.Arithmetic;
using ExactCheck.Search.Import;

namespace ExactCheck.Search.Tests.Import;

public sealed class CsvImportTests : IClassFixture<ImportTestFiles>
{
    private readonly ImportTestFiles _files;
    public CsvImportTests(ImportTestFiles files) => _files = files;

    private static Rational R(string s) => Rational.Parse(s);

    [Fact]
    public void HeaderCommentsAndBlankLines()
    {
        var path = _files.Write("points.csv",
            "# k=2 n=3\r\n" +
            "# two claimed points, one neuron per row\r\n" +
            "0.1, 1e-3\r\n" +
            "-2.5E+1,\t7/3\r\n" +
            "# a comment inside a point does not split it\r\n" +
            "\"0.5\",-0\r\n" +
            "\r\n\r\n" +
            "1,2\r\n3,4\r\n5,6\r\n");
        var result = PointImporter.Load(path);
        Assert.Equal(2, result.Points.Count);
        var p = result.Points[0];
        Assert.Equal((1, 2, 3, "points.csv: lines 3-6"), (p.Index, p.K, p.N, p.Origin));
        Assert.Equal([[R("1/10"), R("1/1000")], [R("-25"), R("7/3")], [R("1/2"), R("0")]], p.Neurons);
        Assert.Equal(new Rational(1) / 10, p.Neurons[0][0]);
        Assert.Equal((2, "points.csv: lines 9-11"), (result.Points[1].Index, result.Points[1].Origin));
        Assert.Equal([R("5"), R("6")], result.Points[1].Neurons[2]);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void ShapeFromTheRowsWithoutAHeader()
    {
        var path = _files.Write("plain.txt", "1,2,3\n4,5,6\n\n7,8,9\n");
        var points = PointImporter.Load(path).Points;
        Assert.Equal(2, points.Count);
        Assert.Equal((3, 2), (points[0].K, points[0].N));
        Assert.Equal((3, 1, "plain.txt: line 4"), (points[1].K, points[1].N, points[1].Origin));
    }

    [Fact]
    public void KAndNArgumentsFixTheShape()
    {
        // four rows without blank lines: with n = 2 they are two points
        var path = _files.Write("four.csv", "1,2\n3,4\n5,6\n7,8\n");
        var points = PointImporter.Load(path, k: 2, n: 2).Points;
        Assert.Equal(2, points.Count);
        Assert.Equal(("four.csv: lines 1-2", "four.csv: lines 3-4"), (points[0].Origin, points[1].Origin));
        Assert.Equal([R("7"), R("8")], points[1].Neurons[1]);
        // without them, the block is one point of n = 4
        Assert.Equal(4, Assert.Single(PointImporter.Load(path).Points).N);
        // a header does the same
        var header = _files.Write("header.csv", "#k = 2, n = 2\n1,2\n3,4\n5,6\n7,8\n");
        Assert.Equal(2, PointImporter.Load(header).Points.Count);
        Assert.Equal(2, PointImporter.Load(header, 2, 2).Points.Count);
    }

    [Theory]
    [InlineData("1,2\n3,4\n5,6\n1,abc\n", null, null, "4:3", "expected a number, found 'abc'")]
    [InlineData("1,2\n3,4,5\n", null, null, "2:5", "expected k = 2 comma-separated values per row (the first row, line 1), found 3")]
    [InlineData("1,2,3\n4,5\n", null, null, "2:4", "expected k = 3 comma-separated values per row (the first row, line 1), found 2")]
    [InlineData("1,2\n", 3, null, "1:4", "expected k = 3 comma-separated values per row (--k), found 2")]
    [InlineData("# k=2 n=3\n1,2\n3,4\n\n5,6\n", null, null, "2", "expected n = 3 rows per point, one neuron per row (the header on line 1), but the block of lines 2-3 has 2 rows")]
    [InlineData("1,2\n3,4\n5,6\n", null, 2, "1", "expected n = 2 rows per point, one neuron per row (--n), but the block of lines 1-3 has 3 rows")]
    [InlineData("# k=2 n=1\n1,2\n", 3, null, "1", "the header says k = 2 but --k 3 was given")]
    [InlineData("# k=2 n=1\n1,2\n", null, 4, "1", "the header says n = 1 but --n 4 was given")]
    [InlineData("# k=six n=1\n1,2\n", null, null, "1", "expected a shape header '# k=<k> n=<n>' (e.g. '# k=6 n=6'), found '# k=six n=1'")]
    [InlineData("# k=0 n=1\n1,2\n", null, null, "1", "k = 0 in the header: expected an integer in [1, 64]")]
    [InlineData("1,2\n# k=2 n=1\n", null, null, "2", "the shape header '# k=<k> n=<n>' must come before the first row")]
    [InlineData("1,,2\n", null, null, "1:3", "expected a number, found nothing")]
    [InlineData("1 2\n", null, null, "1:1", "expected a number, found '1 2' (values are separated by commas)")]
    [InlineData("1,2e999999\n", null, null, "1:3", "expected a number, found '2e999999' (exponent of \"2e999999\" exceeds the limit ±100000)")]
    [InlineData("# only a comment\n\n", null, null, "", "no points found: expected rows of k comma-separated numbers")]
    public void BadCsvSaysLineColumnAndWhatWasExpected(string text, int? k, int? n, string position, string expected)
    {
        var path = _files.Write("points.csv", text);
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path, k, n));
        Assert.Equal(path, e.File);
        Assert.Equal(position, e.Position);
        Assert.StartsWith(expected, e.Detail);
        Assert.Equal(position.Length == 0 ? $"{path}: {e.Detail}" : $"{path}:{position}: {e.Detail}", e.Message);
    }

    [Fact]
    public void TheExampleMessageReadsLikeACompilerError()
    {
        var path = _files.Write("points.csv", "# k=2 n=2\n1,2\n3,4\n1,abc\n4,5\n");
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path));
        Assert.StartsWith($"{path}:4:3: expected a number, found 'abc'", e.Message);
    }

    [Fact]
    public void BinaryGarbageIsNotText()
    {
        var path = _files.Write("garbage.csv", [0x31, 0x2C, 0xFF, 0xFE, 0x00, 0x80]);
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path));
        Assert.Contains("not valid UTF-8", e.Message);
    }

    [Fact]
    public void TooManyColumnsOrRows()
    {
        var wide = _files.Write("wide.csv", string.Join(",", Enumerable.Repeat("1", 65)) + "\n");
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(wide));
        Assert.Equal("1:129", e.Position);
        Assert.Contains("expected at most 64 values per row", e.Message);
        var tall = _files.Write("tall.csv", string.Concat(Enumerable.Repeat("1,2\n", 65)));
        e = Assert.Throws<ImportException>(() => PointImporter.Load(tall));
        Assert.Contains("expected at most 64 rows per point (n ≤ 64), but the block of lines 1-65 has 65", e.Message);
    }
}
