using System.Runtime.InteropServices;
using System.Text.Json;

namespace SimdOpt.State;

/// <summary>Strict readers of a parsed JSON header: every failure is a <see cref="StateFileFormatException"/> naming the field.</summary>
internal static class Json
{
    /// <summary>
    /// Parses JSON and checks that every string and property name decodes (JsonDocument decodes them lazily, so
    /// invalid UTF-8 or a lone escaped surrogate would otherwise surface later as InvalidOperationException). The bytes
    /// are checked as UTF-8 first, so only strings with escapes are decoded here: the check allocates nothing for the rest.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw new StateFileFormatException($"The {what} is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new StateFileFormatException($"The {what} is not valid JSON: {e.Message}", e);
        }

        try
        {
            DecodeStrings(document.RootElement);
            return document;
        }
        catch (InvalidOperationException e)
        {
            document.Dispose();
            throw new StateFileFormatException($"The {what} holds a string that is not valid Unicode: {e.Message}", e);
        }
    }

    private static void DecodeStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    if (JsonMarshal.GetRawUtf8PropertyName(p).Contains((byte)'\\'))
                    {
                        _ = p.Name;
                    }

                    DecodeStrings(p.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    DecodeStrings(item);
                }

                break;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(element).Contains((byte)'\\'):
                _ = element.GetString();
                break;
            default:
                break;
        }
    }

    /// <summary>The properties of an object, in order; throws on a non-object or a repeated name.</summary>
    public static List<JsonProperty> Properties(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new StateFileFormatException($"{what} must be a JSON object, not {element.ValueKind}.");
        }

        var list = new List<JsonProperty>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new StateFileFormatException($"{what} has the key '{property.Name}' more than once.");
            }

            list.Add(property);
        }

        return list;
    }

    /// <summary>A required member of an object whose keys were checked by <see cref="Properties"/>.</summary>
    public static JsonElement Required(List<JsonProperty> properties, string name, string what)
    {
        foreach (var p in properties)
        {
            if (p.Name == name)
            {
                return p.Value;
            }
        }

        throw new StateFileFormatException($"{what} has no '{name}'.");
    }

    /// <summary>Throws if an object has keys other than <paramref name="allowed"/>.</summary>
    public static void OnlyKeys(List<JsonProperty> properties, string what, params string[] allowed)
    {
        foreach (var p in properties)
        {
            if (System.Array.IndexOf(allowed, p.Name) < 0)
            {
                throw new StateFileFormatException($"{what} has an unknown key '{p.Name}'; allowed: {string.Join(", ", allowed)}.");
            }
        }
    }

    public static string String(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new StateFileFormatException($"{what} must be a string, not {element.ValueKind}.");

    public static long Int64(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value)
            ? value
            : throw new StateFileFormatException($"{what} must be an integer in the 64-bit range; got {Describe(element)}.");

    public static List<JsonElement> Array(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new StateFileFormatException($"{what} must be a JSON array, not {element.ValueKind}.");
        }

        return [.. element.EnumerateArray()];
    }

    /// <summary>A shape: a JSON array of non-negative integers, at most 64 dimensions.</summary>
    public static long[] Shape(JsonElement element, string what)
    {
        var items = Array(element, what);
        if (items.Count > 64)
        {
            throw new StateFileFormatException($"{what} has {items.Count} dimensions; at most 64 are allowed.");
        }

        var shape = new long[items.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = Int64(items[i], $"{what}[{i}]");
        }

        CheckShape(shape, what);
        return shape;
    }

    /// <summary>Throws unless <paramref name="shape"/> has at most 64 dimensions, none negative.</summary>
    public static void CheckShape(long[] shape, string what)
    {
        if (shape.Length > 64)
        {
            throw new StateFileFormatException($"{what} has {shape.Length} dimensions; at most 64 are allowed.");
        }

        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new StateFileFormatException($"{what}[{i}] is negative ({shape[i]}).");
            }
        }
    }

    /// <summary>The number of elements of a shape, or -1 when it exceeds <see cref="System.Array.MaxLength"/>.</summary>
    public static long ElementCount(long[] shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d == 0)
            {
                return 0;
            }

            if (d > System.Array.MaxLength || count > System.Array.MaxLength / d)
            {
                count = -1;
                continue;
            }

            if (count >= 0)
            {
                count *= d;
            }
        }

        return count;
    }

    public static string ShapeText(IEnumerable<long> shape) => "(" + string.Join(", ", shape) + ")";

    private static string Describe(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "...";
    }
}
