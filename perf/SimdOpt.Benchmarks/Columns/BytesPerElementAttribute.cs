namespace SimdOpt.Benchmarks.Columns;

/// <summary>
/// The bytes one step of a benchmark class's rule cannot avoid moving per element (4 per float read or written once),
/// which turn its times into GB/s (<see cref="GigabytesPerSecondColumn"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BytesPerElementAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}
