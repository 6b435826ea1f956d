namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Named points of the ingest and delete paths where the crash tests stop the process. When the environment variable
/// <see cref="Variable"/> names a point, the process writes <c>crash-point: &lt;name&gt;</c> on stderr when it gets
/// there and waits for ever, so the test can kill it (SIGKILL) exactly at that step. Unset, a point costs nothing.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "EPAPER_PAUSE_AT";

    public const string Validating = "validating";
    public const string Rendering = "rendering";
    public const string Deriving = "deriving";
    public const string Moving = "moving";
    public const string Committing = "committing";
    public const string Committed = "committed";
    public const string Deleting = "deleting";

    private static readonly string? Configured = Environment.GetEnvironmentVariable(Variable);

    public static void Reached(string point)
    {
        if (Configured is null || !string.Equals(Configured, point, StringComparison.Ordinal))
        {
            return;
        }

        Console.Error.WriteLine($"crash-point: {point}");
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }

    public static Task ReachedAsync(string point) =>
        Configured is null || !string.Equals(Configured, point, StringComparison.Ordinal) ? Task.CompletedTask : Task.Run(() => Reached(point));
}
