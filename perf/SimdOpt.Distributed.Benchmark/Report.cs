using System.Globalization;

namespace SimdOpt.Distributed.Benchmark;

/// <summary>Collects one row of numbers from every rank on rank 0 and prints them as Markdown table rows.</summary>
internal static class Report
{
    public const double MiB = 1024.0 * 1024.0;

    public static void Rows(string label, double[] values, params string[] formats)
    {
        var world = MPI.Communicator.world;
        var all = world.GatherFlattened(values, 0);
        if (world.Rank != 0)
        {
            return;
        }

        for (var r = 0; r < world.Size; r++)
        {
            var cells = values.Select((_, k) => all[(r * values.Length) + k].ToString(formats[k], CultureInfo.InvariantCulture));
            Console.WriteLine($"| {label} | {world.Size} | {r} | {string.Join(" | ", cells)} |");
        }
    }

    public static void Header(params string[] columns)
    {
        if (MPI.Communicator.world.Rank == 0)
        {
            Console.WriteLine();
            Console.WriteLine($"| {string.Join(" | ", columns)} |");
            Console.WriteLine($"|{string.Concat(columns.Select(c => "---|"))}");
        }
    }
}
