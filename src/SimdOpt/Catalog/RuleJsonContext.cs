using System.Text.Json.Serialization;
using SimdOpt.Optimizers;

namespace SimdOpt.Catalog;

/// <summary>
/// Source-generated (trim- and AOT-safe) JSON metadata for every options record, snake_case, for checkpoints.
/// A registration in <see cref="RuleCatalog"/> names its options' metadata here (<c>RuleJsonContext.Default.AdamOptions</c>),
/// so a rule whose options lack their attribute does not compile.
/// </summary>
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
internal sealed partial class RuleJsonContext : JsonSerializerContext
{
}
