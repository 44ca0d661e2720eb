using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>
/// Compares expanded JSON-LD the way the official runners do: arrays are unordered (multisets) except the value
/// of <c>@list</c>; numbers compare by value.
/// </summary>
internal static class ExpandedJsonComparer
{
    public static bool AreEqual(JsonNode? a, JsonNode? b, bool ordered = false)
    {
        switch (a)
        {
            case null:
                return b is null;
            case JsonObject oa:
            {
                if (b is not JsonObject ob || oa.Count != ob.Count) return false;
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other)) return false;
                    if (!AreEqual(value, other, key == "@list")) return false;
                }

                return true;
            }
            case JsonArray aa:
            {
                if (b is not JsonArray ab || aa.Count != ab.Count) return false;
                if (ordered) return aa.Select((item, i) => AreEqual(item, ab[i])).All(x => x);
                var used = new bool[ab.Count];
                foreach (var item in aa)
                {
                    var found = false;
                    for (var i = 0; i < ab.Count && !found; i++)
                    {
                        if (used[i] || !AreEqual(item, ab[i])) continue;
                        used[i] = found = true;
                    }

                    if (!found) return false;
                }

                return true;
            }
            default:
            {
                if (b is not JsonValue vb) return false;
                var va = a.AsValue();
                if (va.GetValueKind() != vb.GetValueKind()) return false;
                return va.GetValueKind() == JsonValueKind.Number
                    ? va.GetValue<double>() == vb.GetValue<double>()
                    : JsonNode.DeepEquals(va, vb);
            }
        }
    }
}
