using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimdOpt.State;

/// <summary>
/// <c>plateau.best</c> of a checkpoint header: a finite JSON number, or the string <c>"Infinity"</c> or
/// <c>"-Infinity"</c> (the best metric before the first improvement). Anything else (NaN, another string, a number
/// beyond the double range) is refused.
/// </summary>
internal sealed class BestMetricJsonConverter : JsonConverter<double>
{
    private const string PositiveInfinity = "Infinity";
    private const string NegativeInfinity = "-Infinity";

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A number beyond the double range reads as an infinity: only the strings may say that.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
        {
            return value;
        }

        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(PositiveInfinity))
        {
            return double.PositiveInfinity;
        }

        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(NegativeInfinity))
        {
            return double.NegativeInfinity;
        }

        throw new JsonException($"plateau.best must be a finite number, \"{PositiveInfinity}\" or \"{NegativeInfinity}\".");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsInfinity(value))
        {
            writer.WriteStringValue(value > 0 ? PositiveInfinity : NegativeInfinity);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }
}
