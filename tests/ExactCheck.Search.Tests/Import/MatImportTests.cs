using System.Numerics;
using ExactCheck.Arithmetic;
using ExactCheck.Search.Import;

namespace ExactCheck.Search.Tests.Import;

public sealed class MatImportTests : IClassFixture<ImportTestFiles>
{
    private readonly ImportTestFiles _files;
    public MatImportTests(ImportTestFiles files) => _files = files;

    private static Rational Q(string p, string q) => new(BigInteger.Parse(p), BigInteger.Parse(q));

    // ------------------------------------------------------------------ the three real result files

    [Theory]
    [InlineData("newExp-6-6.mat", 6, 6, 1)]
    [InlineData("newExp-11-11.mat", 11, 11, 3)]
    [InlineData("newExp-12-13.mat", 12, 13, 1)]
    public void FixtureLoadsWithItsShape(string file, int k, int n, int count)
    {
        var result = PointImporter.Load(ImportTestFiles.Fixture(file));
        Assert.Equal(count, result.Points.Count);
        for (int c = 0; c < count; c++)
        {
            var p = result.Points[c];
            Assert.Equal((c + 1, k, n), (p.Index, p.K, p.N));
            Assert.Equal(n, p.Neurons.Length);
            Assert.All(p.Neurons, w => Assert.Equal(k, w.Length));
            // the points are near the identity-target minima: every coordinate is a modest dyadic rational
            Assert.All(p.Neurons.SelectMany(w => w), x => Assert.True(x.IsDyadic && Rational.Abs(x) < 2));
            Assert.Equal(count == 1 ? $"{file}: WbadNew" : $"{file}: WbadNew(:,:,{c + 1})", p.Origin);
        }
        // --k / --n that agree are accepted
        Assert.Equal(count, PointImporter.Load(ImportTestFiles.Fixture(file), k, n).Points.Count);
    }

    /// <summary>Values from an independent hand-parse of the files (Python: zlib + struct, then fractions.Fraction).</summary>
    [Fact]
    public void FixtureValuesAreTheExactDoubles()
    {
        var six = PointImporter.Load(ImportTestFiles.Fixture("newExp-6-6.mat")).Points[0];
        Assert.Equal(Q("-7265337576860469", "144115188075855872"), six.Neurons[0][0]);   // WbadNew(1,1) = -0x1.9cfc939712b35p-5
        Assert.Equal(Rational.FromDouble(0.9867038210678575), six.Neurons[0][1]);        // WbadNew(2,1): column 1 is w₁
        Assert.Equal(Rational.FromDouble(0.30801098600570537), six.Neurons[0][3]);
        Assert.Equal(Q("-3632668343673681", "72057594037927936"), six.Neurons[5][5]);    // WbadNew(6,6)

        var eleven = PointImporter.Load(ImportTestFiles.Fixture("newExp-11-11.mat")).Points;
        Assert.Equal(Q("-3708450740018737", "288230376151711744"), eleven[0].Neurons[0][0]); // WbadNew(1,1,1)
        Assert.Equal(Rational.FromDouble(1.0046620963329418), eleven[0].Neurons[0][3]);      // WbadNew(4,1,1)
        Assert.Equal(Q("1554848684178599", "2305843009213693952"), eleven[2].Neurons[0][0]); // WbadNew(1,1,3)
        Assert.Equal(Q("7160669584665559", "576460752303423488"), eleven[2].Neurons[10][10]); // WbadNew(11,11,3)

        var twelve = PointImporter.Load(ImportTestFiles.Fixture("newExp-12-13.mat")).Points[0];
        Assert.Equal(Q("7127181267777513", "144115188075855872"), twelve.Neurons[0][0]);  // WbadNew(1,1)
        Assert.Equal(Q("87074844078173", "562949953421312"), twelve.Neurons[12][11]);     // WbadNew(12,13) = 0x1.3cc6c499c174p-3
    }

    [Theory]
    [InlineData("newExp-6-6.mat", 883)]
    [InlineData("newExp-11-11.mat", 2327)]
    [InlineData("newExp-12-13.mat", 1053)]
    public void FixtureNotesNameTheSkippedVariables(string file, int subsystemOffset)
    {
        var notes = PointImporter.Load(ImportTestFiles.Fixture(file)).Notes;
        foreach (var sym in new[] { "r", "lambdaMin", "objVals", "deviations", "maxFroDiff" })
            Assert.Contains(notes, n => n.Contains($"skipped variable '{sym}' (MATLAB object of class sym (MCOS, mxOPAQUE_CLASS))"));
        Assert.Contains(notes, n => n.Contains("skipped variable 'magnitude' (double 1×"));
        Assert.Contains(notes, n => n.Contains($"skipped the subsystem data at byte {subsystemOffset}"));
        Assert.Equal(7, notes.Count);
        Assert.All(notes, n => Assert.StartsWith(file + ": ", n));
    }

    [Fact]
    public void MatFileListsEveryVariableWithClassAndStorage()
    {
        var bytes = File.ReadAllBytes(ImportTestFiles.Fixture("newExp-11-11.mat"));
        var mat = MatFile.Read("newExp-11-11.mat", bytes);
        Assert.False(mat.BigEndian);
        Assert.StartsWith("MATLAB 5.0 MAT-file, Platform: GLNXA64", mat.HeaderText);
        Assert.Equal(2327, mat.SubsystemOffset);
        Assert.Empty(mat.Problems);
        Assert.Equal(["WbadNew", "r", "lambdaMin", "objVals", "deviations", "magnitude", "maxFroDiff", ""], mat.Variables.Select(v => v.Name));
        var magnitude = mat.Variables.Single(v => v.Name == "magnitude");
        // a double array MATLAB stored as miUINT16: converted exactly
        Assert.Equal((6, 4), (magnitude.ClassCode, magnitude.Real!.Type));
        Assert.Equal([383.0, 71.0, 1.0], Enumerable.Range(0, 3).Select(magnitude.Real.GetDouble));
        Assert.Equal("double 11×11×3", mat.Variables[0].Describe());
    }

    [Fact]
    public void KAndNThatDisagreeWithTheFileAreAnError()
    {
        var path = ImportTestFiles.Fixture("newExp-6-6.mat");
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path, k: 5));
        Assert.Equal("WbadNew", e.Position);
        Assert.Contains("expected k = 5 (from --k), but this point has k = 6", e.Message);
        e = Assert.Throws<ImportException>(() => PointImporter.Load(ImportTestFiles.Fixture("newExp-12-13.mat"), k: 12, n: 12));
        Assert.Contains("expected n = 12 (from --n), but this point has n = 13", e.Message);
    }

    // ------------------------------------------------------------------ corrupted copies

    [Fact]
    public void CorruptCompressedElementBecomesANoteAndTheRestIsRead()
    {
        var bytes = File.ReadAllBytes(ImportTestFiles.Fixture("newExp-6-6.mat"));
        // the variable 'r' is the miCOMPRESSED element at byte 395; its zlib stream starts at 403
        for (int i = 403; i < 411; i++) bytes[i] ^= 0xA5;
        var path = _files.Write("flipped-r.mat", bytes);
        var result = PointImporter.Load(path);
        Assert.Single(result.Points);
        Assert.Equal(PointImporter.Load(ImportTestFiles.Fixture("newExp-6-6.mat")).Points[0].Neurons, result.Points[0].Neurons);
        var note = Assert.Single(result.Notes, n => n.Contains("element at byte 395"));
        Assert.Contains("element skipped", note);
        Assert.DoesNotContain(result.Notes, n => n.Contains("'r'"));
        Assert.Contains(result.Notes, n => n.Contains("'lambdaMin'")); // later variables still read
    }

    [Fact]
    public void CorruptWbadNewIsAnErrorListingWhatWasFound()
    {
        var bytes = File.ReadAllBytes(ImportTestFiles.Fixture("newExp-6-6.mat"));
        for (int i = 136; i < 144; i++) bytes[i] ^= 0xA5; // WbadNew: miCOMPRESSED at byte 128, zlib stream at 136
        var path = _files.Write("flipped-w.mat", bytes);
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path));
        Assert.Equal(path, e.File);
        Assert.Contains("expected a variable WbadNew", e.Detail);
        Assert.Contains("variables found: r (MATLAB object of class sym", e.Detail);
        Assert.Contains("magnitude (double 1×1)", e.Detail);
        Assert.Contains("element at byte 128", e.Detail);
    }

    [Fact]
    public void WbadNewWhoseSizesDoNotAddUpIsUnreadable()
    {
        var w = new MatWriter(bigEndian: false);
        // dims say 2×2 but the real part holds 3 values
        var path = _files.Write("sizes.mat", w.File(w.Compressed(w.Numeric("WbadNew", MatWriter.DoubleClass, [2, 2], w.Doubles(1, 2, 3))),
                                                    w.Numeric("other", MatWriter.DoubleClass, [1, 1], w.Doubles(5))));
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(path));
        Assert.Equal("WbadNew at byte 128", e.Position);
        Assert.Contains("variable WbadNew is unreadable", e.Detail);
        Assert.Contains("the real part holds 3 values but the dimensions need 4", e.Detail);
        Assert.Contains("other variables found: other (double 1×1)", e.Detail);
    }

    [Fact]
    public void TruncatedFilesGiveANoteOrAClearError()
    {
        var full = File.ReadAllBytes(ImportTestFiles.Fixture("newExp-6-6.mat"));
        // cut inside the subsystem data (the last element): WbadNew is still read, the cut is a note
        var result = PointImporter.Load(_files.Write("cut-tail.mat", full[..8000]));
        Assert.Single(result.Points);
        Assert.Contains(result.Notes, n => n.Contains("element at byte 883") && n.Contains("truncated"));
        // cut inside WbadNew's checksum: the array inside is complete, so it is read, with a note
        result = PointImporter.Load(_files.Write("cut-checksum.mat", full[..390]));
        Assert.Equal(PointImporter.Load(ImportTestFiles.Fixture("newExp-6-6.mat")).Points[0].Neurons, Assert.Single(result.Points).Neurons);
        Assert.Contains(result.Notes, n => n.Contains("element at byte 128 (variable 'WbadNew')") && n.Contains("the array inside is complete and was read"));
        // cut inside WbadNew
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Write("cut-w.mat", full[..300])));
        Assert.Contains("expected a variable WbadNew", e.Detail);
        Assert.Contains("element at byte 128", e.Detail);
        Assert.Contains("truncated", e.Detail);
        // cut inside the header
        e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Write("cut-header.mat", full[..100])));
        Assert.Equal("header", e.Position);
        Assert.Contains("expected a 128-byte header, the file has 100 bytes", e.Message);
    }

    /// <summary>Every truncation and many random byte flips: a result or an <see cref="ImportException"/>, nothing else.</summary>
    [Fact]
    public void DamagedFilesNeverCrash()
    {
        var full = File.ReadAllBytes(ImportTestFiles.Fixture("newExp-6-6.mat"));
        var path = Path.Combine(_files.Directory, "damaged.mat");
        void Check(byte[] bytes)
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                var r = PointImporter.Load(path);
                Assert.NotEmpty(r.Points);
            }
            catch (ImportException e)
            {
                Assert.StartsWith(path, e.Message);
                Assert.False(string.IsNullOrWhiteSpace(e.Detail));
            }
        }
        for (int length = 0; length < full.Length; length += 37) Check(full[..length]);
        var random = new Random(20240515);
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])full.Clone();
            int flips = 1 + random.Next(4);
            int region = trial % 2 == 0 ? 1000 : bytes.Length; // half the trials hit the header and small elements
            for (int f = 0; f < flips; f++) bytes[random.Next(region)] ^= (byte)(1 + random.Next(255));
            Check(bytes);
        }
    }

    // ------------------------------------------------------------------ synthetic files

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SyntheticFileLoadsInEitherByteOrder(bool bigEndian, bool compressed)
    {
        var w = new MatWriter(bigEndian);
        // k = 2, n = 3, count = 2; value (a, i, c) = a + 10 i + 100 c + 0.1 (1-based), column-major
        var values = new List<double>();
        for (int c = 1; c <= 2; c++)
            for (int i = 1; i <= 3; i++)
                for (int a = 1; a <= 2; a++) values.Add(a + 10 * i + 100 * c + 0.1);
        byte[] Wrap(byte[] e) => compressed ? w.Compressed(e) : e;
        var bytes = w.File(
            Wrap(w.Numeric("x", MatWriter.DoubleClass, [1, 1], w.SmallIntegers(MatWriter.MiUInt8, 7))),
            Wrap(w.Opaque("lambdaMin", "sym")),
            Wrap(w.Other("label", MatWriter.CharClass, [1, 2], w.Integers(MatWriter.MiUInt16, 'h', 'i'))),
            Wrap(w.Numeric("WbadNew", MatWriter.DoubleClass, [2, 3, 2], w.Doubles([.. values]))));
        var path = _files.Write($"synthetic-{(bigEndian ? "be" : "le")}-{(compressed ? "z" : "raw")}.mat", bytes);
        Assert.Equal(bigEndian, MatFile.Read(path, bytes).BigEndian);
        var result = PointImporter.Load(path);
        Assert.Equal(2, result.Points.Count);
        for (int c = 1; c <= 2; c++)
        {
            var p = result.Points[c - 1];
            Assert.Equal((2, 3), (p.K, p.N));
            Assert.EndsWith($": WbadNew(:,:,{c})", p.Origin);
            for (int i = 1; i <= 3; i++)
                for (int a = 1; a <= 2; a++)
                    Assert.Equal(Rational.FromDouble(a + 10 * i + 100 * c + 0.1), p.Neurons[i - 1][a - 1]);
        }
        Assert.Contains(result.Notes, n => n.Contains("skipped variable 'x' (double 1×1)"));
        Assert.Contains(result.Notes, n => n.Contains("skipped variable 'lambdaMin' (MATLAB object of class sym (MCOS, mxOPAQUE_CLASS))"));
        Assert.Contains(result.Notes, n => n.Contains("skipped variable 'label' (char (mxCHAR_CLASS) 1×2)"));
        Assert.Equal(3, result.Notes.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryNumericStorageTypeIsReadExactly(bool bigEndian)
    {
        var w = new MatWriter(bigEndian);
        var cases = new (byte[] Real, Rational[] Expected)[]
        {
            (w.Integers(MatWriter.MiInt8, -3, 127), [-3, 127]),
            (w.Integers(MatWriter.MiUInt8, 200, 0), [200, 0]),
            (w.Integers(MatWriter.MiInt16, -30000, 5), [-30000, 5]),
            (w.Integers(MatWriter.MiUInt16, 65535, 1), [65535, 1]),
            (w.Integers(MatWriter.MiInt32, int.MinValue, 9), [int.MinValue, 9]),
            (w.Integers(MatWriter.MiUInt32, uint.MaxValue, 2), [uint.MaxValue, 2]),
            (w.Integers(MatWriter.MiInt64, long.MinValue, -1), [long.MinValue, -1]),
            (w.Integers(MatWriter.MiUInt64, -1, 3), [new Rational(ulong.MaxValue), 3]),
            (w.Singles(0.1f, -2.5f), [Rational.FromDouble(0.1f), Q("-5", "2")]),
            (w.Doubles(0.1, 1e-300), [Rational.FromDouble(0.1), Rational.FromDouble(1e-300)]),
            (w.SmallIntegers(MatWriter.MiInt16, -2, 4), [-2, 4]),
        };
        foreach (var (real, expected) in cases)
        {
            var path = _files.Write($"types-{bigEndian}.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [2, 1], real)));
            var p = Assert.Single(PointImporter.Load(path).Points);
            Assert.Equal((2, 1), (p.K, p.N));
            Assert.Equal(expected, p.Neurons[0]);
        }
        Assert.NotEqual(Q("1", "10"), Rational.FromDouble(0.1)); // the stored double, not the decimal it was typed as
    }

    [Fact]
    public void NaNSliceIsSkippedWithANote()
    {
        var w = new MatWriter(false);
        var path = _files.Write("nan.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [1, 2, 2], w.Doubles(1, 2, double.NaN, 4))));
        var result = PointImporter.Load(path);
        var p = Assert.Single(result.Points);
        Assert.Equal(1, p.Index);
        Assert.Contains(result.Notes, n => n.Contains("skipped WbadNew(:,:,2): WbadNew(1,1,2) = NaN, expected finite numbers"));
        var all = _files.Write("allnan.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [1, 1], w.Doubles(double.PositiveInfinity))));
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(all));
        Assert.Contains("no usable point in WbadNew", e.Message);
    }

    [Fact]
    public void WbadNewOfTheWrongKindIsAnError()
    {
        var w = new MatWriter(false);
        var missing = _files.Write("missing.mat", w.File(w.Numeric("W", MatWriter.DoubleClass, [1, 1], w.Doubles(1)), w.Opaque("r", "sym")));
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(missing));
        Assert.Equal($"{missing}: expected a variable WbadNew (k × n × count, one neuron per column); variables found: W (double 1×1), r (MATLAB object of class sym (MCOS, mxOPAQUE_CLASS))", e.Message);

        var symbolic = _files.Write("symbolic.mat", w.File(w.Opaque("WbadNew", "sym")));
        e = Assert.Throws<ImportException>(() => PointImporter.Load(symbolic));
        Assert.Contains("expected a numeric (double) k × n × count array, found MATLAB object of class sym", e.Message);

        var cell = _files.Write("cell.mat", w.File(w.Other("WbadNew", MatWriter.CellClass, [1, 1], [])));
        e = Assert.Throws<ImportException>(() => PointImporter.Load(cell));
        Assert.Contains("found cell (mxCELL_CLASS) 1×1", e.Message);

        var complex = _files.Write("complex.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [1, 2], w.Doubles(1, 2), w.Doubles(0, 3))));
        e = Assert.Throws<ImportException>(() => PointImporter.Load(complex));
        Assert.Contains("WbadNew is complex (WbadNew(1,2,1) has a nonzero imaginary part)", e.Message);

        var realComplex = _files.Write("realcomplex.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [1, 2], w.Doubles(1, 2), w.Doubles(0, 0))));
        Assert.Contains(PointImporter.Load(realComplex).Notes, n => n.Contains("zero imaginary part"));

        var empty = _files.Write("empty.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [0, 6], w.Doubles())));
        e = Assert.Throws<ImportException>(() => PointImporter.Load(empty));
        Assert.Contains("WbadNew is empty (0×6)", e.Message);

        var fourD = _files.Write("4d.mat", w.File(w.Numeric("WbadNew", MatWriter.DoubleClass, [1, 1, 2, 2], w.Doubles(1, 2, 3, 4))));
        e = Assert.Throws<ImportException>(() => PointImporter.Load(fourD));
        Assert.Contains("expected a k × n × count array, found 1×1×2×2", e.Message);
    }

    [Fact]
    public void HeadersThatAreNotMatV5AreRejected()
    {
        var w = new MatWriter(false);
        var v73 = w.Header("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00", version: 0x0200);
        var e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Write("v73.mat", v73)));
        Assert.Contains("MAT v7.3 files (HDF5) are not supported", e.Message);

        var badVersion = w.Header(version: 0x0300);
        e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Write("version.mat", badVersion)));
        Assert.Equal("header byte 124", e.Position);
        Assert.Contains("expected MAT version 0x0100 (Level 5), found 0x0300", e.Message);

        var noEndian = w.Header();
        noEndian[126] = (byte)'X';
        e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Write("endian.mat", noEndian)));
        Assert.Contains("expected the endian indicator 'IM' or 'MI'", e.Message);

        // a header without the "MATLAB" text is still recognised by its version and endian indicator, whatever the extension
        var anonymous = new MatWriter(bigEndian: true).File(new MatWriter(bigEndian: true).Numeric("WbadNew", MatWriter.DoubleClass, [1, 1], new MatWriter(bigEndian: true).Doubles(2)));
        Array.Fill(anonymous, (byte)' ', 0, 116);
        Assert.Single(PointImporter.Load(_files.Write("anonymous.bin", anonymous)).Points);

        e = Assert.Throws<ImportException>(() => PointImporter.Load(_files.Write("nothing.mat", w.Header())));
        Assert.Contains("expected a variable WbadNew", e.Message);
        Assert.Contains("variables found: none", e.Message);
    }
}
