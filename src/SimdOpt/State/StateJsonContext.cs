using System.Text.Json.Serialization;
using SimdOpt.Optimizers;

namespace SimdOpt.State;

/// <summary>Source-generated (trim- and AOT-safe) JSON metadata for the options records a checkpoint stores.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SgdOptions))]
[JsonSerializable(typeof(MovingAverageMomentumOptions))]
[JsonSerializable(typeof(AdaGradOptions))]
[JsonSerializable(typeof(RmsPropOptions))]
[JsonSerializable(typeof(AdamOptions))]
[JsonSerializable(typeof(LionOptions))]
[JsonSerializable(typeof(AdamaxOptions))]
[JsonSerializable(typeof(NAdamOptions))]
[JsonSerializable(typeof(RAdamOptions))]
[JsonSerializable(typeof(AdadeltaOptions))]
[JsonSerializable(typeof(ScheduleFreeAdamWOptions))]
internal sealed partial class StateJsonContext : JsonSerializerContext
{
}
