namespace SimdOpt.Schedules;

/// <summary>How <see cref="CyclicSchedule"/> scales the height of each cycle (PyTorch's <c>CyclicLR</c> modes).</summary>
public enum CyclicMode
{
    /// <summary>Every cycle reaches the maximum: scale <c>1</c>.</summary>
    Triangular,

    /// <summary>Each cycle's height is half the previous one's: scale <c>1 / 2^(cycle - 1)</c>, cycle counted from 1.</summary>
    Triangular2,

    /// <summary>The height decays by <c>gamma</c> per counter: scale <c>gamma^c</c>.</summary>
    ExpRange,
}
