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

    private static string RemoveDotSegments(string path)
    {
        if (path.IndexOf('.') < 0) return path;
        var input = path;
        var output = new List<string>();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal)) input = input[3..];
            else if (input.StartsWith("./", StringComparison.Ordinal)) input = input[2..];
            else if (input.StartsWith("/./", StringComparison.Ordinal)) input = input[2..];
            else if (input == "/.") input = "/";
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input.Length == 3 ? "/" : input[3..];
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
            }
            else if (input == "." || input == "..") input = "";
            else
            {
                var next = input.IndexOf('/', input[0] == '/' ? 1 : 0);
                if (next < 0) next = input.Length;
                output.Add(input[..next]);
                input = input[next..];
            }
        }

        return string.Concat(output);
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
