using System.Text;

namespace SimdOpt.Cli.Commands;

/// <summary>
/// Checks, before any training, that the files and folders a command will write can be written: a folder option does not
/// name a file and can be created; a file option does not name a folder, its folder exists and its name is one the file
/// system accepts. A run that trains for an hour must not fail at its end for a misspelt path.
/// </summary>
internal static class OutputPaths
{
    /// <summary>The longest file name in UTF-8 bytes that common file systems accept (ext4, XFS, btrfs, APFS).</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>Creates the folder <paramref name="path"/> (given as <paramref name="option"/>) now, or throws a one-line <see cref="IOException"/>.</summary>
    public static void Folder(string option, string path)
    {
        if (System.IO.File.Exists(path))
        {
            throw new IOException($"{option} '{path}' is a file; it must name a folder (created if missing).");
        }

        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} '{path}': the folder cannot be created ({e.Message}).", e);
        }
    }

    /// <summary>Throws a one-line <see cref="IOException"/> when the file <paramref name="path"/> (given as <paramref name="option"/>) cannot be written; null passes.</summary>
    public static void File(string option, string? path)
    {
        if (path is null)
        {
            return;
        }

        if (path.Length == 0 || Directory.Exists(path) || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar))
        {
            throw new IOException($"{option} '{path}' is a folder; it must name a file.");
        }

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new IOException($"{option} '{path}': the folder '{folder}' does not exist.");
        }

        var nameBytes = Encoding.UTF8.GetByteCount(Path.GetFileName(full));
        if (nameBytes > MaxFileNameBytes)
        {
            throw new IOException($"{option} '{path}': the file name is {nameBytes} bytes long; file systems accept at most {MaxFileNameBytes}.");
        }
    }
}
