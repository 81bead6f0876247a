namespace SimdOpt.Training.Random;

/// <summary>The Mersenne Twister MT19937 32-bit generator, seeded with <c>init_genrand</c>.</summary>
internal sealed class Mt19937
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[StateLength];
    private int _position;

    /// <summary>Re-seeds the generator the way <c>init_genrand(seed)</c> does.</summary>
    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            var previous = _state[i - 1];
            _state[i] = unchecked((1812433253U * (previous ^ (previous >> 30))) + (uint)i);
        }

        _position = StateLength;
    }

    /// <summary>The next tempered 32-bit output.</summary>
    public uint Next()
    {
        if (_position >= StateLength)
        {
            Regenerate();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    private void Regenerate()
    {
        for (var i = 0; i < StateLength; i++)
        {
            var y = (_state[i] & UpperMask) | (_state[(i + 1) % StateLength] & LowerMask);
            var next = _state[(i + Shift) % StateLength] ^ (y >> 1);
            _state[i] = (y & 1) == 0 ? next : next ^ MatrixA;
        }

        _position = 0;
    }
}
