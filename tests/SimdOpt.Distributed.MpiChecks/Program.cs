using SimdOpt.Distributed.Mpi;
using SimdOpt.Distributed.MpiChecks;

// Checks run under `mpirun.mpich -np N dotnet SimdOpt.Distributed.MpiChecks.dll <check> [folder]`; the exit code
// says whether the check held on this rank (0), failed (1), or detected what it should (3, for the failure checks).
using var mpi = MpichRuntime.Start(ref args);
var check = args.Length > 0 ? args[0] : "exact";
var folder = args.Length > 1 ? args[1] : Path.GetTempPath();
return check switch
{
    "exact" => ExactnessCheck.Run(folder),
    "mismatch" => FailureChecks.Mismatch(),
    "die" => FailureChecks.RankDies(),
    "hang" => FailureChecks.RankHangs(),
    _ => throw new ArgumentException($"Unknown check '{check}'; known: exact, mismatch, die, hang."),
};
