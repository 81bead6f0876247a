namespace SimdOpt.Distributed.Tests;

/// <summary>A fact that needs MPICH's launcher; skipped with a message where <c>mpirun.mpich</c> is not installed.</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiRun.Launcher is null)
        {
            Skip = "mpirun.mpich is not installed (apt-get install mpich libmpich-dev); .ci/run installs it.";
        }
    }
}
