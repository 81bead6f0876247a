using System.Globalization;
using System.IO.Hashing;
using System.Text;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Distributed.Sharding;

/// <summary>
/// What every rank of a sharded optimizer must agree on, as text and as a 64-bit XxHash64 fingerprint: the rank
/// count, the layout (names and shapes), the rule, its options, its groups (name, options, learning-rate scale and
/// the tensors each owns), the non-finite policy and the learning rate.
/// </summary>
internal static class ShardedSettings
{
    public static string Describe<TOptions>(ParameterLayout layout, int rankCount, Optimizer<TOptions> share, int[] tensorGroups)
        where TOptions : OptimizerOptions
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ranks={rankCount}; layout={layout}; rule={share.GetType().FullName}; options={share.Options}; ");
        text.Append(CultureInfo.InvariantCulture, $"non_finite={share.NonFiniteGradients}; lr={share.LearningRate:R}; groups=[");
        for (var g = 0; g < share.Groups.Count; g++)
        {
            var group = share.Groups[g];
            var owned = layout.Tensors.Where(t => tensorGroups[t.Index] == g + 1).Select(t => t.Name);
            text.Append(CultureInfo.InvariantCulture, $"{group.Name}: scale={group.LearningRateScale:R}, options={group.Options}, tensors={string.Join(',', owned)}; ");
        }

        return text.Append(']').ToString();
    }

    public static ulong Fingerprint(string description) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(description));

    /// <summary>For each tensor of <paramref name="layout"/>, 0 or 1 + the index of the first group that selects it.</summary>
    public static int[] AssignGroups<TOptions>(ParameterLayout layout, IReadOnlyList<ParameterGroup<TOptions>> groups)
        where TOptions : OptimizerOptions
    {
        var assignment = new int[layout.Count];
        foreach (var tensor in layout.Tensors)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                if (groups[g].Selects(tensor))
                {
                    assignment[tensor.Index] = g + 1;
                    break;
                }
            }
        }

        return assignment;
    }
}
