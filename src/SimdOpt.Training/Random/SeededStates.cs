namespace SimdOpt.Training.Random;

/// <summary>
/// MT19937 initial states of four consecutive seeds, computed together (<see cref="Mt19937.InitialStates"/>) and
/// reused while the seeds asked for fall in the block. A loop that re-seeds with seed, seed + 1, seed + 2, ... (the
/// course's shuffle of every epoch) pays for the serial seeding recurrence once per four seeds, overlapped.
/// </summary>
internal sealed class SeededStates
{
    private const int StateLength = 624;
    private readonly uint[][] _states = [new uint[StateLength], new uint[StateLength], new uint[StateLength], new uint[StateLength]];
    private uint _first;
    private bool _filled;

    /// <summary>The state <c>init_genrand(seed)</c> gives.</summary>
    public ReadOnlySpan<uint> Of(uint seed)
    {
        var offset = unchecked(seed - _first);
        if (!_filled || offset >= (uint)_states.Length)
        {
            Mt19937.InitialStates(seed, _states[0], _states[1], _states[2], _states[3]);
            _first = seed;
            _filled = true;
            offset = 0;
        }

        return _states[offset];
    }
}
