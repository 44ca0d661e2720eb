using System.Text;

namespace Laurel.Credentials.JsonLd;

/// <summary>RFC 3986 §5.2 reference resolution (basic algorithm only, no normalisation), as JSON-LD 1.1 requires.</summary>
internal static class IriResolver
{
    /// <summary>True when <paramref name="value"/> starts with a valid scheme followed by ':'.</summary>
    public static bool IsAbsolute(string value)
    {
        if (value.Length < 2 || !char.IsAsciiLetter(value[0])) return false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':') return true;
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.') return false;
        }

        return false;
    }

    public static string Resolve(string? baseIri, string reference)
    {
        if (baseIri is null) return reference;
        var r = Parse(reference);
        if (r.Scheme is not null) return Build(r.Scheme, r.Authority, RemoveDotSegments(r.Path), r.Query, r.Fragment);
        var b = Parse(baseIri);
        string path;
        string? authority, query;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            authority = b.Authority;
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = RemoveDotSegments(r.Path[0] == '/' ? r.Path : Merge(b, r.Path));
                query = r.Query;
            }
        }

        return Build(b.Scheme, authority, path, query, r.Fragment);
    }

    private static string Merge(Parts b, string relativePath)
    {
        if (b.Authority is not null && b.Path.Length == 0) return "/" + relativePath;
        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? relativePath : string.Concat(b.Path.AsSpan(0, slash + 1), relativePath);
    }

    /// <summary>
    /// RFC 3986 §5.2.4 in one pass: the input buffer is a moving index and the output a stack of segment ranges, so a
    /// path of many <c>../</c> costs linear time (issue 12 finding 3; a copy per step was quadratic in the path length).
    /// </summary>
    private static string RemoveDotSegments(string path)
    {
        if (path.IndexOf('.') < 0) return path;
        var output = new List<Range>();
        var i = 0;
        while (i < path.Length)
        {
            var input = path.AsSpan(i);
            if (input.StartsWith("../")) i += 3;
            else if (input.StartsWith("./")) i += 2;
            else if (input.StartsWith("/./")) i += 2;
            else if (input is "/.")
            {
                output.Add(i..(i + 1)); // the input becomes "/", which moves to the output
                i = path.Length;
            }
            else if (input.StartsWith("/../") || input is "/..")
            {
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
                if (input.Length == 3)
                {
                    output.Add(i..(i + 1));
                    i = path.Length;
                }
                else i += 3;
            }
            else if (input is "." or "..") i = path.Length;
            else
            {
                // The first segment, with its leading "/" if any, up to (not including) the next "/".
                var skip = input[0] == '/' ? 1 : 0;
                var next = input[skip..].IndexOf('/');
                var length = next < 0 ? input.Length : next + skip;
                output.Add(i..(i + length));
                i += length;
            }
        }

        var sb = new StringBuilder(path.Length);
        foreach (var range in output) sb.Append(path.AsSpan(range));
        return sb.ToString();
    }

    private static string Build(string? scheme, string? authority, string path, string? query, string? fragment)
    {
        var sb = new StringBuilder();
        if (scheme is not null) sb.Append(scheme).Append(':');
        if (authority is not null) sb.Append("//").Append(authority);
        sb.Append(path);
        if (query is not null) sb.Append('?').Append(query);
        if (fragment is not null) sb.Append('#').Append(fragment);
        return sb.ToString();
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static Parts Parse(string value)
    {
        string? scheme = null, authority = null, query = null, fragment = null;
        var i = 0;
        var stop = value.AsSpan().IndexOfAny(":/?#");
        if (stop > 0 && value[stop] == ':')
        {
            scheme = value[..stop];
            i = stop + 1;
        }

        var hash = value.IndexOf('#', i);
        if (hash >= 0)
        {
            fragment = value[(hash + 1)..];
            value = value[..hash];
        }

        var question = value.IndexOf('?', i);
        if (question >= 0)
        {
            query = value[(question + 1)..];
            value = value[..question];
        }

        if (value.Length - i >= 2 && value[i] == '/' && value[i + 1] == '/')
        {
            var end = value.IndexOf('/', i + 2);
            if (end < 0) end = value.Length;
            authority = value[(i + 2)..end];
            i = end;
        }

        return new Parts(scheme, authority, value[i..], query, fragment);
    }
}
