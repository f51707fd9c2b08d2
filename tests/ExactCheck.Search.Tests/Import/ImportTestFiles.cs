using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ExactCheck.Search.Tests.Import;

/// <summary>Where the shared fixtures are, and temporary files for one test class.</summary>
public sealed class ImportTestFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"exactcheck-import-{Guid.NewGuid():N}");

    public ImportTestFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>../shared/fixtures/safran-shamir/&lt;name&gt; next to the repository.</summary>
    public static string Fixture(string name)
    {
        var path = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "safran-shamir", name));
        Assert.True(File.Exists(path), $"fixture {path} is missing (expected ../shared/fixtures/safran-shamir/ beside the repository)");
        return path;
    }
}

/// <summary>A tiny MAT v5 writer for synthetic test files, in either byte order.</summary>
public sealed class MatWriter(bool bigEndian)
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
        MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;
    public const int DoubleClass = 6, CharClass = 4, CellClass = 1, OpaqueClass = 17, UInt32Class = 13;

    public byte[] U16(ushort v) { var b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
    public byte[] U32(uint v) { var b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
    public byte[] U64(ulong v) { var b = new byte[8]; if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }

    public byte[] Header(string text = "MATLAB 5.0 MAT-file, written by ExactCheck tests", ushort version = 0x0100)
    {
        var h = Enumerable.Repeat((byte)' ', 128).ToArray();
        Encoding.ASCII.GetBytes(text).CopyTo(h, 0);
        Array.Clear(h, 116, 8); // no subsystem data
        U16(version).CopyTo(h, 124);
        (h[126], h[127]) = bigEndian ? ((byte)'M', (byte)'I') : ((byte)'I', (byte)'M');
        return h;
    }

    /// <summary>A data element: normal 8-byte tag and padding to 8 bytes, or the small format (≤ 4 bytes of data).</summary>
    public byte[] Element(int type, byte[] data, bool small = false)
    {
        if (small)
        {
            if (data.Length > 4) throw new ArgumentException("small elements hold at most 4 bytes");
            return [.. U32(((uint)data.Length << 16) | (uint)type), .. data, .. new byte[4 - data.Length]];
        }
        return [.. U32((uint)type), .. U32((uint)data.Length), .. data, .. new byte[(8 - data.Length % 8) % 8]];
    }

    public byte[] Doubles(params double[] values) =>
        Element(MiDouble, values.SelectMany(v => U64((ulong)BitConverter.DoubleToInt64Bits(v))).ToArray());

    public byte[] Singles(params float[] values) =>
        Element(MiSingle, values.SelectMany(v => U32(BitConverter.SingleToUInt32Bits(v))).ToArray());

    /// <summary>Integers stored as miINT8 … miUINT64.</summary>
    public byte[] Integers(int type, params long[] values) => Element(type, IntegerBytes(type, values));

    /// <summary>Integers in the small-element format (at most 4 bytes).</summary>
    public byte[] SmallIntegers(int type, params long[] values) => Element(type, IntegerBytes(type, values), small: true);

    private byte[] IntegerBytes(int type, long[] values) => values.SelectMany(v => type switch
    {
        MiInt8 or MiUInt8 => new[] { (byte)v },
        MiInt16 or MiUInt16 => U16((ushort)v),
        MiInt32 or MiUInt32 => U32((uint)v),
        _ => U64((ulong)v),
    }).ToArray();

    public byte[] Name(string name) => Element(MiInt8, Encoding.ASCII.GetBytes(name), small: name.Length <= 4);

    public byte[] Numeric(string name, int cls, int[] dims, byte[] real, byte[]? imaginary = null) =>
        Element(MiMatrix, [.. Element(MiUInt32, [.. U32((uint)cls | (imaginary is null ? 0u : 0x800u)), .. U32(0)]),
                           .. Element(MiInt32, dims.SelectMany(d => U32((uint)d)).ToArray()),
                           .. Name(name), .. real, .. imaginary ?? []]);

    /// <summary>A non-numeric array (cell, char, …) written with flags, dims and name only, plus arbitrary content.</summary>
    public byte[] Other(string name, int cls, int[] dims, byte[] content) =>
        Element(MiMatrix, [.. Element(MiUInt32, [.. U32((uint)cls), .. U32(0)]),
                           .. Element(MiInt32, dims.SelectMany(d => U32((uint)d)).ToArray()), .. Name(name), .. content]);

    /// <summary>A MATLAB object as the result files hold them: flags, name, "MCOS", class name, a uint32 reference array.</summary>
    public byte[] Opaque(string name, string className) =>
        Element(MiMatrix, [.. Element(MiUInt32, [.. U32(OpaqueClass), .. U32(0)]), .. Name(name), .. Name("MCOS"),
                           .. Element(MiInt8, Encoding.ASCII.GetBytes(className)),
                           .. Numeric("", UInt32Class, [6, 1], Integers(MiUInt32, 0xDD000000, 2, 1, 1, 1, 1))]);

    /// <summary>miCOMPRESSED: the element zlib-compressed, no padding (as MATLAB writes it).</summary>
    public byte[] Compressed(byte[] element)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(element);
        var data = ms.ToArray();
        return [.. U32(MiCompressed), .. U32((uint)data.Length), .. data];
    }

    public byte[] File(params byte[][] elements) => [.. Header(), .. elements.SelectMany(e => e)];
}
