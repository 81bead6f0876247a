namespace SimdOpt.Kernels;

/// <summary>
/// A group of float32 lanes processed together: one float, or a Vector128/256/512. Update rules are
/// written once against this interface; the wrappers are thin structs the JIT removes, so each width
/// compiles to the same instructions a hand-written kernel would use.
/// </summary>
internal interface ILane<TSelf>
    where TSelf : struct, ILane<TSelf>
{
    /// <summary>Number of float32 elements in one lane group.</summary>
    static abstract int Count { get; }

    static abstract TSelf Load(ref float origin, nuint index);

    static abstract void Store(TSelf value, ref float origin, nuint index);

    static abstract TSelf Create(float value);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);

    static abstract TSelf operator /(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf value);

    static abstract TSelf Sqrt(TSelf value);

    /// <summary>IEEE 754:2019 maximum: NaN if either is NaN, and +0 above -0 (as <see cref="MathF.Max(float, float)"/>).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>
    /// <c>|value| &lt; threshold ? +0 : value</c> per element (a compare and a mask, no arithmetic on
    /// <paramref name="value"/>): NaN and infinities pass through unchanged.
    /// </summary>
    static abstract TSelf ZeroWhereMagnitudeBelow(TSelf value, TSelf threshold);

    /// <summary>Absolute value per element: clears the sign bit (NaN stays NaN, -0 becomes +0), as <see cref="MathF.Abs(float)"/>.</summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>
    /// Sign per element: <c>+1</c> where <c>value &gt; 0</c> (including +inf), <c>-1</c> where <c>value &lt; 0</c>
    /// (including -inf), <c>+0</c> for +0 and -0, and NaN for NaN (computed as <c>value - value</c> on those two).
    /// </summary>
    static abstract TSelf Sign(TSelf value);

    /// <summary>
    /// Decodes bfloat16 elements <c>[index, index + Count)</c> at <paramref name="origin"/>: each float32 is the 16 stored
    /// bits followed by 16 zero bits.
    /// </summary>
    static abstract TSelf LoadBFloat16(ref ushort origin, nuint index);

    /// <summary>
    /// Encodes <paramref name="value"/> as bfloat16 elements <c>[index, index + Count)</c> at <paramref name="origin"/>,
    /// rounded to nearest, ties to even, on the float's bits: <c>(bits + 0x7FFF + ((bits &gt;&gt; 16) &amp; 1)) &gt;&gt; 16</c>
    /// (uint wrap-around), and NaN (<c>(bits &amp; 0x7FFFFFFF) &gt; 0x7F800000</c>) as <c>(bits &gt;&gt; 16) | 0x0040</c>.
    /// </summary>
    static abstract void StoreBFloat16NearestEven(TSelf value, ref ushort origin, nuint index);

    /// <summary>
    /// Encodes <paramref name="value"/> as <see cref="StoreBFloat16NearestEven"/> does, but rounded stochastically: element
    /// k (buffer index <c>elementIndex + k</c>) is stored as <c>(bits + (LowBias32((elementIndex + k) ^ key) &amp; 0xFFFF)) &gt;&gt; 16</c>,
    /// NaN as there. LowBias32: <c>x ^= x &gt;&gt; 16; x *= 0x7FEB352D; x ^= x &gt;&gt; 15; x *= 0x846CA68B; x ^= x &gt;&gt; 16</c>.
    /// </summary>
    static abstract void StoreBFloat16Stochastic(TSelf value, ref ushort origin, nuint index, uint elementIndex, uint key);
}
