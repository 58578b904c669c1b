namespace Nop.Plugin.Misc.Segmentation.Services;

public static class ConcurrentWrites
{
    /// <summary>
    /// Runs a recompute-and-write of one customer, again if it fails: two requests of one customer at once (a double
    /// click on checkout) can both insert the same new row, the unique index refuses the second, and the retry then
    /// finds the row and updates it. Since every run recomputes from the source, running it again is always safe.
    /// </summary>
    public static async Task RetryAsync(Func<Task> write, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception) when (attempt < attempts)
            {
            }
        }
    }
}
