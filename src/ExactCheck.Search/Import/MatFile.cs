using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using ExactCheck.Arithmetic;

namespace ExactCheck.Search.Import;

/// <summary>
/// A MATLAB Level 5 MAT-file ("MAT-File Format", MathWorks): a 128-byte header (text, subsystem data offset,
/// version 0x0100, endian indicator 'IM' little-endian / 'MI' big-endian) followed by tagged data elements. Top-level
/// elements are miMATRIX (14) or miCOMPRESSED (15: a zlib stream holding one miMATRIX); tags use the normal 8-byte form
/// or the small form (size in the upper 16 bits, data in the next 4 bytes); normal elements are padded to 8 bytes,
/// compressed ones are not. Numeric arrays (classes double … uint64) are decoded; other classes (cell, struct, char,
/// sparse, function handles, MATLAB objects) are listed with their name and class only. A corrupt element (bad zlib
/// stream, sizes that do not add up) becomes a note with its byte offset and the rest of the file is still read.
/// </summary>
public sealed class MatFile
{
    /// <summary>Largest decompressed size of one element (a zlib bomb guard).</summary>
    public const int MaxDecompressedBytes = 1 << 30;

    public required bool BigEndian { get; init; }
    /// <summary>The descriptive text of the header ("MATLAB 5.0 MAT-file, Platform: …").</summary>
    public required string HeaderText { get; init; }
    /// <summary>The subsystem data offset from the header (where MATLAB stores object data); null when unset.</summary>
    public long? SubsystemOffset { get; init; }
    public required IReadOnlyList<MatVariable> Variables { get; init; }
    /// <summary>Corrupt or unrecognised elements, each with its byte offset.</summary>
    public required IReadOnlyList<MatProblem> Problems { get; init; }

    /// <summary>
    /// True when the bytes start like a MAT file: header text "MATLAB", or a 128-byte header whose version (0x0100 or
    /// 0x0200) and endian indicator ('IM' / 'MI') agree, which no text file has.
    /// </summary>
    public static bool LooksLikeMat(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("MATLAB"u8)) return true;
        if (bytes.Length < 128) return false;
        if (bytes[126] == 'I' && bytes[127] == 'M') return bytes[124] == 0 && bytes[125] is 1 or 2;
        if (bytes[126] == 'M' && bytes[127] == 'I') return bytes[125] == 0 && bytes[124] is 1 or 2;
        return false;
    }

    /// <summary>Reads the file; an unusable header throws <see cref="ImportException"/>, anything later is a <see cref="MatProblem"/>.</summary>
    public static MatFile Read(string path, byte[] bytes)
    {
        if (bytes.Length < 128)
            throw new ImportException(path, "header", $"not a MAT v5 file: expected a 128-byte header, the file has {bytes.Length} bytes");
        bool bigEndian;
        if (bytes[126] == 'I' && bytes[127] == 'M') bigEndian = false;
        else if (bytes[126] == 'M' && bytes[127] == 'I') bigEndian = true;
        else
            throw new ImportException(path, "header byte 126",
                $"not a MAT v5 file: expected the endian indicator 'IM' or 'MI', found 0x{bytes[126]:X2}{bytes[127]:X2}" +
                (bytes.AsSpan().StartsWith("MATLAB"u8) ? "" : " (MAT v4 files have no header and are not supported)"));
        var text = Encoding.ASCII.GetString(bytes, 0, 116).TrimEnd(' ', '\0');
        var version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(124)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(124));
        if (version == 0x0200 || text.StartsWith("MATLAB 7.3", StringComparison.Ordinal))
            throw new ImportException(path, "header", "MAT v7.3 files (HDF5) are not supported: save with save(..., '-v7') or '-v6'");
        if (version != 0x0100)
            throw new ImportException(path, "header byte 124", $"expected MAT version 0x0100 (Level 5), found 0x{version:X4}");
        ulong ss = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(116)) : BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(116));
        long? subsystem = ss == 0 || ss == 0x2020202020202020UL || ss > (ulong)bytes.Length ? null : (long)ss;

        var variables = new List<MatVariable>();
        var problems = new List<MatProblem>();
        int pos = 128;
        while (pos < bytes.Length)
        {
            int remaining = bytes.Length - pos;
            if (remaining < 8)
            {
                if (bytes.AsSpan(pos).ContainsAnyExcept((byte)0))
                    problems.Add(new MatProblem(pos, null, $"{remaining} bytes at the end are too short for an element tag (truncated file?)"));
                break;
            }
            var reader = new Reader(bytes, bigEndian, 0, null);
            uint word = reader.U32(pos);
            int type, size, data, next;
            if (word >> 16 != 0) { type = (int)(word & 0xFFFF); size = (int)(word >> 16); data = pos + 4; next = pos + 8; }
            else
            {
                type = (int)word;
                uint declared = reader.U32(pos + 4);
                if (declared > (uint)(remaining - 8))
                {
                    var truncated = $"element of type {TypeName(type)} declares {declared} bytes but only {remaining - 8} remain: the file is truncated or corrupt";
                    // A cut compressed element may still hold its whole array (e.g. only the checksum is missing).
                    if (type == MiCompressed && TryRecover(bytes, bigEndian, pos, pos + 8, remaining - 8) is { } recovered)
                    {
                        variables.Add(recovered);
                        problems.Add(new MatProblem(pos, recovered.Name, $"{truncated}; the array inside is complete and was read; stopped reading here"));
                    }
                    else problems.Add(new MatProblem(pos, null, $"{truncated}; stopped reading here"));
                    break;
                }
                size = (int)declared;
                data = pos + 8;
                // compressed elements are not padded; all others are padded to a multiple of 8 bytes
                next = type == MiCompressed ? data + size : (int)Math.Min(bytes.Length, data + Pad8(size));
            }
            var context = new ElementContext(pos, type == MiCompressed);
            try
            {
                if (type == MiCompressed)
                    variables.Add(ParseCompressed(bytes, bigEndian, pos, data, size, context));
                else if (type == MiMatrix)
                    variables.Add(ParseMatrix(reader, data, data + size, pos, compressed: false));
                else
                    problems.Add(new MatProblem(pos, null, $"top-level element of type {TypeName(type)} skipped (expected miMATRIX or miCOMPRESSED)"));
            }
            catch (MatFormatException e)
            {
                var where = context.Compressed ? $"offset {e.Offset} of the decompressed data: " : "";
                problems.Add(new MatProblem(pos, context.Name, $"{where}{e.Message}; element skipped"));
            }
            catch (InvalidDataException)
            {
                problems.Add(new MatProblem(pos, context.Name, "bad zlib stream: the compressed data cannot be inflated; element skipped"));
            }
            catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException)
            {
                problems.Add(new MatProblem(pos, context.Name, $"unreadable ({e.GetType().Name}: {e.Message.TrimEnd('.')}); element skipped"));
            }
            pos = next;
        }
        return new MatFile { BigEndian = bigEndian, HeaderText = text, SubsystemOffset = subsystem, Variables = variables, Problems = problems };
    }

    // ------------------------------------------------------------------ element types and classes

    private const int MiInt8 = 1, MiUInt8 = 2, MiInt32 = 5, MiUInt32 = 6, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16;
    public const int OpaqueClass = 17;

    private static int Pad8(int size) => (size + 7) & ~7;

    /// <summary>Bytes per value of a numeric data type; 0 when the type is not numeric.</summary>
    internal static int ElementSize(int type) => type switch
    {
        1 or 2 => 1,
        3 or 4 => 2,
        5 or 6 or 7 => 4,
        9 or 12 or 13 => 8,
        _ => 0,
    };

    public static string TypeName(int type) => type switch
    {
        1 => "miINT8", 2 => "miUINT8", 3 => "miINT16", 4 => "miUINT16", 5 => "miINT32", 6 => "miUINT32",
        7 => "miSINGLE", 9 => "miDOUBLE", 12 => "miINT64", 13 => "miUINT64", 14 => "miMATRIX", 15 => "miCOMPRESSED",
        16 => "miUTF8", 17 => "miUTF16", 18 => "miUTF32",
        _ => $"unknown ({type})",
    };

    /// <summary>MATLAB's name of an array class ("double", "cell", …) and its mx constant.</summary>
    public static string ClassName(int cls) => cls switch
    {
        1 => "cell (mxCELL_CLASS)", 2 => "struct (mxSTRUCT_CLASS)", 3 => "object (mxOBJECT_CLASS)", 4 => "char (mxCHAR_CLASS)",
        5 => "sparse (mxSPARSE_CLASS)", 6 => "double", 7 => "single", 8 => "int8", 9 => "uint8", 10 => "int16",
        11 => "uint16", 12 => "int32", 13 => "uint32", 14 => "int64", 15 => "uint64",
        16 => "function handle (mxFUNCTION_CLASS)", 17 => "MATLAB object (mxOPAQUE_CLASS)",
        _ => $"unknown class {cls}",
    };

    private static bool IsNumericClass(int cls) => cls is >= 6 and <= 15;

    // ------------------------------------------------------------------ parsing

    private static MatVariable ParseCompressed(byte[] bytes, bool bigEndian, int pos, int data, int size, ElementContext context)
    {
        var inner = Inflate(bytes, data, size);
        var innerReader = new Reader(inner, bigEndian, pos, context);
        var (innerType, innerSize, innerData, _) = innerReader.Tag(0, inner.Length);
        if (innerType != MiMatrix)
            throw new MatFormatException(0, $"a compressed element must hold an miMATRIX (14), found {TypeName(innerType)}");
        if (innerData + innerSize != inner.Length && inner.AsSpan(innerData + innerSize).ContainsAnyExcept((byte)0))
            throw new MatFormatException(innerData + innerSize, $"{inner.Length - innerData - innerSize} bytes follow the array inside the compressed element");
        return ParseMatrix(innerReader, innerData, innerData + innerSize, pos, compressed: true);
    }

    private static MatVariable? TryRecover(byte[] bytes, bool bigEndian, int pos, int data, int available)
    {
        try
        {
            return ParseCompressed(bytes, bigEndian, pos, data, available, new ElementContext(pos, compressed: true));
        }
        catch (Exception e) when (e is MatFormatException or InvalidDataException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static byte[] Inflate(byte[] bytes, int offset, int count)
    {
        using var input = new MemoryStream(bytes, offset, count, writable: false);
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = z.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > MaxDecompressedBytes)
                throw new MatFormatException(0, $"decompresses to more than {MaxDecompressedBytes} bytes");
            output.Write(buffer, 0, read);
        }
        if (output.Length == 0) throw new MatFormatException(0, "the zlib stream decompresses to nothing");
        return output.ToArray();
    }

    private static MatVariable ParseMatrix(Reader r, int start, int end, int fileOffset, bool compressed)
    {
        if (start == end) return new MatVariable("", 0, [], false, null, null, fileOffset, compressed, null, "empty array");
        // array flags: miUINT32, 8 bytes
        var (ft, fs, fd, pos) = r.Tag(start, end);
        if (ft != MiUInt32 || fs != 8)
            throw new MatFormatException(start, $"expected the array flags (miUINT32, 8 bytes), found {TypeName(ft)} with {fs} bytes");
        uint flags = r.U32(fd);
        int cls = (int)(flags & 0xFF);
        bool complex = (flags & 0x800) != 0, logical = (flags & 0x200) != 0;
        if (cls == OpaqueClass)
        {
            // opaque (MCOS) objects: flags, name, type system ("MCOS"), class name ("sym"), then the object's data
            var oname = r.Text(ref pos, end, "the variable name");
            r.Context?.SetName(oname);
            string? objectClass = null, system = null;
            try
            {
                system = r.Text(ref pos, end, "the type system name");
                objectClass = r.Text(ref pos, end, "the class name");
            }
            catch (MatFormatException) { /* the class name is for the note only */ }
            return new MatVariable(oname, cls, [], false, null, null, fileOffset, compressed, objectClass, system);
        }
        // dimensions: miINT32, at least two
        var (dt, ds, dd, afterDims) = r.Tag(pos, end);
        if (dt != MiInt32 || ds < 8 || ds % 4 != 0)
            throw new MatFormatException(pos, $"expected the dimensions (miINT32, at least 2 values), found {TypeName(dt)} with {ds} bytes");
        var dims = new int[ds / 4];
        long total = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = r.I32(dd + 4 * i);
            if (dims[i] < 0) throw new MatFormatException(dd + 4 * i, $"dimension {i + 1} is negative ({dims[i]})");
            // saturating product: the data can never hold more than int.MaxValue values anyway
            total = dims[i] == 0 ? 0 : total > int.MaxValue ? total : total * dims[i];
        }
        pos = afterDims;
        var name = r.Text(ref pos, end, "the variable name");
        r.Context?.SetName(name);
        if (!IsNumericClass(cls))
            return new MatVariable(name, cls, dims, complex, null, null, fileOffset, compressed, null, null);
        var real = Numeric(r, ref pos, end, total, "real part");
        var imaginary = complex ? Numeric(r, ref pos, end, total, "imaginary part") : null;
        return new MatVariable(name, cls, dims, complex, real, imaginary, fileOffset, compressed, null, logical ? "logical" : null);
    }

    private static MatNumeric Numeric(Reader r, ref int pos, int end, long expected, string what)
    {
        var (t, s, d, next) = r.Tag(pos, end);
        int width = ElementSize(t);
        if (width == 0) throw new MatFormatException(pos, $"expected the {what} as a numeric type, found {TypeName(t)}");
        if (s % width != 0) throw new MatFormatException(pos, $"the {what} ({TypeName(t)}) has {s} bytes, not a multiple of {width}");
        if (s / width != expected)
            throw new MatFormatException(pos, $"the {what} holds {s / width} values but the dimensions need {expected}");
        pos = next;
        return new MatNumeric(r.Data, d, s / width, t, r.BigEndian);
    }

    /// <summary>What is known about the element being parsed, for the problem report.</summary>
    private sealed class ElementContext(int offset, bool compressed)
    {
        public int Offset { get; } = offset;
        public bool Compressed { get; } = compressed;
        public string? Name { get; private set; }
        public void SetName(string name) => Name = name;
    }

    /// <summary>Bounds-checked reads in the file's byte order.</summary>
    private sealed class Reader(byte[] data, bool bigEndian, int fileOffset, ElementContext? context)
    {
        public byte[] Data { get; } = data;
        public bool BigEndian { get; } = bigEndian;
        public int FileOffset { get; } = fileOffset;
        public ElementContext? Context { get; } = context;

        private void Need(int pos, int count, int end)
        {
            if (pos < 0 || count < 0 || (long)pos + count > end)
                throw new MatFormatException(pos, $"truncated: {count} bytes needed at offset {pos}, the enclosing element ends at {end}");
        }

        public uint U32(int pos)
        {
            Need(pos, 4, Data.Length);
            return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Data.AsSpan(pos)) : BinaryPrimitives.ReadUInt32LittleEndian(Data.AsSpan(pos));
        }

        public int I32(int pos) => unchecked((int)U32(pos));

        /// <summary>A tag at <paramref name="pos"/> inside [.., end): type, size, where the data starts, where the next element starts.</summary>
        public (int Type, int Size, int Data, int Next) Tag(int pos, int end)
        {
            Need(pos, 4, end);
            uint word = U32(pos);
            if (word >> 16 != 0)
            {
                int small = (int)(word >> 16);
                if (small > 4) throw new MatFormatException(pos, $"a small element holds at most 4 bytes, this one declares {small}");
                Need(pos, 8, end);
                return ((int)(word & 0xFFFF), small, pos + 4, pos + 8);
            }
            Need(pos, 8, end);
            uint size = U32(pos + 4);
            if (size > (uint)(end - pos - 8))
                throw new MatFormatException(pos, $"element of type {TypeName((int)word)} declares {size} bytes but only {end - pos - 8} remain in the enclosing element");
            int next = (int)Math.Min(end, (long)pos + 8 + Pad8((int)size));
            return ((int)word, (int)size, pos + 8, next);
        }

        /// <summary>A name or other ASCII text element (miINT8, miUINT8 or miUTF8).</summary>
        public string Text(ref int pos, int end, string what)
        {
            var (t, s, d, next) = Tag(pos, end);
            if (t != MiInt8 && t != MiUInt8 && t != MiUtf8)
                throw new MatFormatException(pos, $"expected {what} (miINT8 text), found {TypeName(t)}");
            pos = next;
            return Encoding.UTF8.GetString(Data, d, s).TrimEnd('\0');
        }
    }
}

/// <summary>A structural problem in a MAT file: the element's byte offset, the variable name when it could be read, what is wrong.</summary>
public sealed record MatProblem(long Offset, string? Variable, string Message)
{
    public override string ToString() =>
        $"element at byte {Offset}{(Variable is { Length: > 0 } v ? $" (variable '{v}')" : "")}: {Message}";
}

/// <summary>
/// One top-level variable. <see cref="Dims"/> is MATLAB's size vector; numeric classes carry <see cref="Real"/> (and
/// <see cref="Imaginary"/> when complex) in column-major order; other classes carry no data. <see cref="ObjectClass"/>
/// names a MATLAB object's class ("sym"; <see cref="Remark"/> then holds its type system, "MCOS"); for arrays
/// <see cref="Remark"/> is "logical", "empty array" or null.
/// </summary>
public sealed record MatVariable(string Name, int ClassCode, int[] Dims, bool Complex, MatNumeric? Real, MatNumeric? Imaginary,
                                 long Offset, bool Compressed, string? ObjectClass, string? Remark)
{
    public string ClassName =>
        ClassCode == MatFile.OpaqueClass ? $"MATLAB object of class {ObjectClass ?? "?"} ({(Remark is { } system ? system + ", " : "")}mxOPAQUE_CLASS)"
        : MatFile.ClassName(ClassCode) + (Remark == "logical" ? " (logical)" : "");
    public string Size => Dims.Length == 0 ? "" : string.Join("×", Dims);
    /// <summary>"double 6×6", "MATLAB object of class sym (MCOS, mxOPAQUE_CLASS)".</summary>
    public string Describe() => Size.Length > 0 ? $"{ClassName} {Size}" : ClassName;
}

/// <summary>The values of a numeric element, stored as any MAT numeric type; read as exact rationals or doubles.</summary>
public sealed class MatNumeric(byte[] data, int offset, int count, int type, bool bigEndian)
{
    public int Count { get; } = count;
    /// <summary>The storage type (miDOUBLE = 9, miUINT8 = 2, …), whatever the array's class.</summary>
    public int Type { get; } = type;

    private ReadOnlySpan<byte> At(int i, int width)
    {
        if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(i));
        return data.AsSpan(offset + i * width, width);
    }

    /// <summary>Value <paramref name="i"/> converted to double (exact for every stored type except 64-bit integers beyond 2^53).</summary>
    public double GetDouble(int i) => Type switch
    {
        7 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(At(i, 4)) : BinaryPrimitives.ReadSingleLittleEndian(At(i, 4)),
        9 => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(At(i, 8)) : BinaryPrimitives.ReadDoubleLittleEndian(At(i, 8)),
        _ => (double)GetInteger(i),
    };

    /// <summary>Value <paramref name="i"/> exactly; false for NaN and ±Inf.</summary>
    public bool TryGetRational(int i, out Rational value)
    {
        if (Type is 7 or 9)
        {
            double d = GetDouble(i);
            value = double.IsFinite(d) ? Rational.FromDouble(d) : Rational.Zero;
            return double.IsFinite(d);
        }
        value = new Rational(GetInteger(i));
        return true;
    }

    private BigInteger GetInteger(int i) => Type switch
    {
        1 => (sbyte)At(i, 1)[0],
        2 => At(i, 1)[0],
        3 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(At(i, 2)) : BinaryPrimitives.ReadInt16LittleEndian(At(i, 2)),
        4 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(At(i, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(At(i, 2)),
        5 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(At(i, 4)) : BinaryPrimitives.ReadInt32LittleEndian(At(i, 4)),
        6 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(At(i, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(At(i, 4)),
        12 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(At(i, 8)) : BinaryPrimitives.ReadInt64LittleEndian(At(i, 8)),
        13 => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(At(i, 8)) : BinaryPrimitives.ReadUInt64LittleEndian(At(i, 8)),
        _ => throw new InvalidOperationException($"storage type {Type} is not an integer type"),
    };
}

/// <summary>A structural error inside one element, at an offset within the element's buffer.</summary>
internal sealed class MatFormatException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}
