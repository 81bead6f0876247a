namespace SimdOpt.Parameters;

/// <summary>
/// Lists of names in messages, bounded: the first <see cref="Shown"/> items and how many there are in all, so a
/// message stays short however many names a layout or a file holds.
/// </summary>
internal static class NameSample
{
    /// <summary>How many items a message shows.</summary>
    public const int Shown = 8;

    /// <summary>
    /// <c>a, b, c</c> when there are at most <see cref="Shown"/> items; otherwise the first <see cref="Shown"/> followed
    /// by <c>... (N in all)</c>. Enumerates only as far as it needs when <paramref name="total"/> is given.
    /// </summary>
    /// <param name="items">The items, in the order to show them.</param>
    /// <param name="separator">What goes between two items.</param>
    /// <param name="total">How many items there are, when the caller knows; otherwise they are counted.</param>
    public static string Of(IEnumerable<string> items, string separator = ", ", int? total = null)
    {
        var shown = new List<string>(Shown);
        var count = 0;
        foreach (var item in items)
        {
            if (count < Shown)
            {
                shown.Add(item);
            }

            count++;
            if (count > Shown && total is not null)
            {
                break;
            }
        }

        var all = total ?? count;
        return all <= Shown
            ? string.Join(separator, shown)
            : $"{string.Join(separator, shown)}{separator}... ({all} in all)";
    }

    /// <summary>The first <see cref="Shown"/> items, followed by <c>...</c> when there are more; enumerates at most one more item than it shows.</summary>
    /// <param name="items">The items, in the order to show them.</param>
    public static string First(IEnumerable<string> items)
    {
        var shown = items.Take(Shown + 1).ToList();
        return shown.Count <= Shown ? string.Join(", ", shown) : string.Join(", ", shown.Take(Shown)) + ", ...";
    }
}
