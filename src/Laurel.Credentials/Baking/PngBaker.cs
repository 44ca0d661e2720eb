using System.IO.Compression;
using System.Text;

namespace Laurel.Credentials.Baking;

/// <summary>Bakes badge payloads into PNG iTXt chunks and reads them back (BAKE-2.1/2.2, BAKE-3.1/3.2).</summary>
public static class PngBaker
{
    /// <summary>OB 2.0 iTXt/tEXt keyword.</summary>
    public const string Ob2Keyword = "openbadges";

    /// <summary>OB 3.0 iTXt keyword.</summary>
    public const string Ob3Keyword = "openbadgecredential";

    /// <summary>
    /// Returns a copy of <paramref name="png"/> with one iTXt chunk carrying <paramref name="content"/> right before IEND.
    /// Existing badge chunks (either keyword) are removed (BAKE-P3); other chunks stay byte-identical (BAKE-P4).
    /// Compression is off by default because the bake specs require flag 0 (BAKE-P2).
    /// </summary>
    public static byte[] Bake(ReadOnlySpan<byte> png, BadgeSpec spec, string content, bool compress = false, BakingLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(content);
        limits ??= BakingLimits.Default;
        var chunks = PngChunks.Read(png, limits);
        var data = BuildITxt(spec == BadgeSpec.OpenBadges3 ? Ob3Keyword : Ob2Keyword, content, compress);

        using var output = new MemoryStream(png.Length + data.Length + 12);
        output.Write(PngChunks.Signature);
        foreach (var chunk in chunks)
        {
            if (chunk.Type == "IEND") PngChunks.Write(output, "iTXt", data);
            if (IsBadgeChunk(png, chunk)) continue;
            output.Write(png.Slice(chunk.Offset, chunk.TotalLength));
        }
        return output.ToArray();
    }

    /// <summary>
    /// Finds the baked payload: the first iTXt <c>openbadgecredential</c>, else the first iTXt <c>openbadges</c>, else a
    /// legacy tEXt <c>openbadges</c> URL. Returns null when the PNG has none; throws <see cref="BakingException"/> for corrupt input.
    /// </summary>
    public static BakedBadge? Unbake(ReadOnlySpan<byte> png, BakingLimits? limits = null)
    {
        limits ??= BakingLimits.Default;
        BakedBadge? ob2 = null, legacy = null;
        foreach (var chunk in PngChunks.Read(png, limits))
        {
            var data = png.Slice(chunk.DataOffset, chunk.DataLength);
            if (chunk.Type == "iTXt")
            {
                // Only the first OB 2.0 chunk counts: inflating every copy let a 2 MB image of 1,000 copies cost 2 GB of
                // inflation (issue 12 finding 3). An OB 3.0 chunk ends the search, so at most two texts are ever inflated.
                if (ob2 is not null && KeywordIs(data, Ob2Keyword)) continue;
                var (keyword, text) = ParseITxt(data, limits);
                if (keyword == Ob3Keyword) return new BakedBadge(BadgeSpec.OpenBadges3, BakedBadge.Classify(text), text);
                if (keyword == Ob2Keyword) ob2 ??= new BakedBadge(BadgeSpec.OpenBadges2, BakedBadge.Classify(text), text);
            }
            else if (chunk.Type == "tEXt" && legacy is null)
            {
                var nul = data.IndexOf((byte)0);
                if (nul > 0 && Encoding.Latin1.GetString(data[..nul]) == Ob2Keyword)
                {
                    var text = Encoding.Latin1.GetString(data[(nul + 1)..]).Trim();
                    legacy = new BakedBadge(BadgeSpec.OpenBadges2, BakedBadge.Classify(text), text);
                }
            }
        }
        return ob2 ?? legacy;
    }

    private static bool KeywordIs(ReadOnlySpan<byte> data, string keyword)
    {
        var nul = data.IndexOf((byte)0);
        return nul == keyword.Length && Encoding.Latin1.GetString(data[..nul]) == keyword;
    }

    private static bool IsBadgeChunk(ReadOnlySpan<byte> png, PngChunk chunk)
    {
        if (chunk.Type is not ("iTXt" or "tEXt")) return false;
        var data = png.Slice(chunk.DataOffset, chunk.DataLength);
        var nul = data.IndexOf((byte)0);
        if (nul <= 0) return false;
        var keyword = Encoding.Latin1.GetString(data[..nul]);
        return keyword is Ob2Keyword or Ob3Keyword;
    }

    private static byte[] BuildITxt(string keyword, string content, bool compress)
    {
        var text = Encoding.UTF8.GetBytes(content);
        if (compress)
        {
            using var buffer = new MemoryStream();
            using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(text);
            text = buffer.ToArray();
        }
        var keywordBytes = Encoding.Latin1.GetBytes(keyword);
        var data = new byte[keywordBytes.Length + 5 + text.Length];
        keywordBytes.CopyTo(data, 0);
        var i = keywordBytes.Length;
        data[i++] = 0;                          // keyword terminator
        data[i++] = compress ? (byte)1 : (byte)0; // compression flag
        data[i++] = 0;                          // compression method: zlib
        data[i++] = 0;                          // empty language tag
        data[i++] = 0;                          // empty translated keyword
        text.CopyTo(data, i);
        return data;
    }

    /// <summary>Parses iTXt data (PNG §11.3.4.5): keyword, flag, method, language, translated keyword, text.</summary>
    private static (string Keyword, string Text) ParseITxt(ReadOnlySpan<byte> data, BakingLimits limits)
    {
        var nul = data.IndexOf((byte)0);
        if (nul is < 1 or > 79 || data.Length < nul + 3)
            throw new BakingException("A PNG iTXt chunk has an invalid keyword.");
        var keyword = Encoding.Latin1.GetString(data[..nul]);
        var flag = data[nul + 1];
        var method = data[nul + 2];
        var rest = data[(nul + 3)..];
        var languageEnd = rest.IndexOf((byte)0);
        if (languageEnd < 0) throw new BakingException("A PNG iTXt chunk has an unterminated language tag.");
        rest = rest[(languageEnd + 1)..];
        var translatedEnd = rest.IndexOf((byte)0);
        if (translatedEnd < 0) throw new BakingException("A PNG iTXt chunk has an unterminated translated keyword.");
        var text = rest[(translatedEnd + 1)..];
        if (keyword is not (Ob2Keyword or Ob3Keyword)) return (keyword, "");
        if (flag > 1 || (flag == 1 && method != 0))
            throw new BakingException($"The '{keyword}' iTXt chunk uses an unknown compression setting.");
        var bytes = flag == 1 ? Inflate(text, limits) : text;
        if (bytes.Length > limits.MaxTextBytes)
            throw new BakingException($"The '{keyword}' text is larger than {limits.MaxTextBytes} bytes.");
        try
        {
            return (keyword, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            throw new BakingException($"The '{keyword}' text is not valid UTF-8.", e);
        }
    }

    private static ReadOnlySpan<byte> Inflate(ReadOnlySpan<byte> compressed, BakingLimits limits)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray(), writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > limits.MaxTextBytes)
                    throw new BakingException($"The compressed badge text inflates beyond {limits.MaxTextBytes} bytes.");
                output.Write(chunk, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new BakingException("The compressed badge text is not valid zlib data.", e);
        }
    }
}
