using NUnit.Framework.Interfaces;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

/// <summary>On a failure: the page the person was on and what the store logged, beside the screenshots.</summary>
public static class Report
{
    private static readonly List<Session> Sessions = [];

    /// <summary>
    /// Keeps a scenario's session open until the scenario ends, so that a failure can still show its page; the last
    /// one opened is the one shown.
    /// </summary>
    public static T Track<T>(T session) where T : Session
    {
        Sessions.Add(session);
        return session;
    }

    /// <summary>After every scenario: on a failure the page and the store's errors, then the sessions close.</summary>
    public static async Task EndAsync()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
                await OnFailureAsync(Sessions.LastOrDefault());
        }
        finally
        {
            foreach (var session in Sessions)
                await session.DisposeAsync();
            Sessions.Clear();
        }
    }

    private static async Task OnFailureAsync(Session current)
    {

        try
        {
            if (current != null)
            {
                TestContext.Out.WriteLine("Page at failure: " + await current.ShotAsync("FAILED-" + TestContext.CurrentContext.Test.Name));
                foreach (var dialog in current.Dialogs)
                    TestContext.Out.WriteLine("Alert shown: " + dialog);
            }
        }
        catch (Exception e)
        {
            TestContext.Out.WriteLine("No screenshot: " + e.Message);
        }

        if (Suite.Store?.Database != null)
        {
            var errors = await Suite.Store.ErrorsSinceAsync(Suite.StartedUtc);
            var path = Path.Combine(Suite.Artifacts, "store-errors.txt");
            await File.WriteAllLinesAsync(path, errors);
            TestContext.Out.WriteLine($"System > Log errors since the run began ({errors.Count}), in {path}:");
            foreach (var error in errors.TakeLast(5))
                TestContext.Out.WriteLine(error.Length > 2000 ? error[..2000] : error);
        }
    }
}
