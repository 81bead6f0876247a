using System.Numerics;
using System.Runtime.InteropServices;

namespace SimdOpt.Training.Random;

/// <summary>
/// The Mersenne Twister MT19937 32-bit generator, seeded with <c>init_genrand</c>. The twist of the whole state and
/// the tempering of its 624 outputs run as vector loops when the state is used up (integer operations: every
/// width gives the same values).
/// </summary>
internal sealed class Mt19937
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[StateLength];
    private readonly uint[] _outputs = new uint[StateLength];
    private int _position;

    /// <summary>Re-seeds the generator the way <c>init_genrand(seed)</c> does.</summary>
    public void Seed(uint seed)
    {
        var state = _state;
        var previous = seed;
        state[0] = previous;
        for (var i = 1; i < state.Length; i++)
        {
            previous = InitialValue(previous, i);
            state[i] = previous;
        }

        _position = StateLength;
    }

    /// <summary>
    /// The states <c>init_genrand</c> gives the four seeds <paramref name="firstSeed"/> .. <paramref name="firstSeed"/> + 3
    /// (wrapping at 2^32), into four arrays of 624 values. The four serial recurrences advance together, so the
    /// CPU overlaps their multiplications.
    /// </summary>
    public static void InitialStates(uint firstSeed, uint[] first, uint[] second, uint[] third, uint[] fourth)
    {
        var a = firstSeed;
        var b = unchecked(firstSeed + 1);
        var c = unchecked(firstSeed + 2);
        var d = unchecked(firstSeed + 3);
        (first[0], second[0], third[0], fourth[0]) = (a, b, c, d);
        for (var i = 1; i < StateLength; i++)
        {
            a = InitialValue(a, i);
            b = InitialValue(b, i);
            c = InitialValue(c, i);
            d = InitialValue(d, i);
            (first[i], second[i], third[i], fourth[i]) = (a, b, c, d);
        }
    }

    /// <summary>Starts from a state that <see cref="InitialStates"/> computed: the same as <see cref="Seed(uint)"/> of its seed.</summary>
    public void Seed(ReadOnlySpan<uint> initialState)
    {
        initialState.CopyTo(_state);
        _position = StateLength;
    }

    /// <summary>The next tempered 32-bit output.</summary>
    public uint Next()
    {
        if (_position >= StateLength)
        {
            Regenerate();
        }

        return _outputs[_position++];
    }

    /// <summary>The tempered outputs not read yet, in order (after a regeneration when none were left); mark what is used with <see cref="Skip"/>.</summary>
    public ReadOnlySpan<uint> Unread()
    {
        if (_position >= StateLength)
        {
            Regenerate();
        }

        return _outputs.AsSpan(_position);
    }

    /// <summary>Marks the first <paramref name="count"/> outputs of <see cref="Unread"/> as read.</summary>
    public void Skip(int count) => _position += count;

    /// <summary>
    /// The twist: for i = 0 .. 623 in order, <c>y = (s[i] &amp; upper) | (s[i+1] &amp; lower)</c>,
    /// <c>s[i] = s[i+397] ^ (y &gt;&gt; 1) ^ (y odd ? MatrixA : 0)</c> (indices mod 624, so from i = 227 on the
    /// third operand is already twisted); then every output is tempered.
    /// </summary>
    private void Regenerate()
    {
        Twist(0, StateLength - Shift, Shift);
        Twist(StateLength - Shift, StateLength - 1, Shift - StateLength);
        _state[StateLength - 1] = Twisted(_state[StateLength - 1], _state[0], _state[Shift - 1]);
        Temper();
        _position = 0;
    }

    /// <summary>Twists s[start .. end) reading s[i + offset]; whole vectors never reach a value the same pass writes later.</summary>
    private void Twist(int start, int end, int offset)
    {
        var state = _state.AsSpan();
        ref var origin = ref MemoryMarshal.GetReference(state);
        var i = start;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<uint>.Count <= end; i += Vector<uint>.Count)
            {
                var y = (Vector.LoadUnsafe(ref origin, (nuint)i) & new Vector<uint>(UpperMask)) | (Vector.LoadUnsafe(ref origin, (nuint)(i + 1)) & new Vector<uint>(LowerMask));
                var odd = Vector<uint>.Zero - (y & Vector<uint>.One);
                (Vector.LoadUnsafe(ref origin, (nuint)(i + offset)) ^ (y >> 1) ^ (odd & new Vector<uint>(MatrixA))).StoreUnsafe(ref origin, (nuint)i);
            }
        }

        for (; i < end; i++)
        {
            state[i] = Twisted(state[i], state[i + 1], state[i + offset]);
        }
    }

    /// <summary><c>init_genrand</c>'s recurrence: <c>s[i] = 1812433253 * (s[i-1] ^ (s[i-1] &gt;&gt; 30)) + i</c>, modulo 2^32.</summary>
    private static uint InitialValue(uint previous, int i) => unchecked((1812433253U * (previous ^ (previous >> 30))) + (uint)i);

    private static uint Twisted(uint current, uint next, uint far)
    {
        var y = (current & UpperMask) | (next & LowerMask);
        var twisted = far ^ (y >> 1);
        return (y & 1) == 0 ? twisted : twisted ^ MatrixA;
    }

    private void Temper()
    {
        ref var state = ref MemoryMarshal.GetArrayDataReference(_state);
        ref var outputs = ref MemoryMarshal.GetArrayDataReference(_outputs);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<uint>.Count <= StateLength; i += Vector<uint>.Count)
            {
                var y = Vector.LoadUnsafe(ref state, (nuint)i);
                y ^= y >> 11;
                y ^= (y << 7) & new Vector<uint>(0x9d2c5680U);
                y ^= (y << 15) & new Vector<uint>(0xefc60000U);
                y ^= y >> 18;
                y.StoreUnsafe(ref outputs, (nuint)i);
            }
        }

        for (; i < StateLength; i++)
        {
            var y = _state[i];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c5680U;
            y ^= (y << 15) & 0xefc60000U;
            y ^= y >> 18;
            _outputs[i] = y;
        }
    }
}
