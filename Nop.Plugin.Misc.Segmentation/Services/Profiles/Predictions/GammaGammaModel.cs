using static Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions.SpecialFunctions;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;

public record GammaGammaParameters(double P, double Q, double Gamma);

/// <summary>
/// Fader, Hardie and Lee's gamma-gamma model of spend per order (2005): a customer's order values vary around their
/// own mean, and those means vary across customers; a customer with few orders is pulled towards the store's mean.
/// Here it is fitted on all orders of each customer (not only repeats), with the average order value the profile holds.
/// </summary>
public static class GammaGammaModel
{
    public static double LogLikelihood(GammaGammaParameters g, int orders, double averageValue)
    {
        var px = g.P * orders;
        return LogGamma(px + g.Q) - LogGamma(px) - LogGamma(g.Q) + g.Q * Math.Log(g.Gamma)
            + (px - 1) * Math.Log(averageValue) + px * Math.Log(orders) - (px + g.Q) * Math.Log(g.Gamma + averageValue * orders);
    }

    public static GammaGammaParameters Fit(IEnumerable<(int Orders, double AverageValue)> customers)
    {
        var data = customers.Where(c => c.Orders > 0 && c.AverageValue > 0).ToList();
        if (data.Count == 0)
            throw new ArgumentException("At least one customer with a paid order is needed.", nameof(customers));

        var mean = data.Average(c => c.AverageValue);
        // the same sum as LogLikelihood, with what depends on the data alone worked out once, and the gamma-function
        // terms once per order count
        var logs = data.Select(c => (c.Orders, c.AverageValue, LogValue: Math.Log(c.AverageValue), LogOrders: Math.Log(c.Orders))).ToList();
        var orderCounts = data.Select(c => c.Orders).Distinct().ToList();
        double Cost(double[] theta)
        {
            var g = new GammaGammaParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
            var gammas = orderCounts.ToDictionary(n => n, n => LogGamma(g.P * n + g.Q) - LogGamma(g.P * n));
            var constant = -LogGamma(g.Q) + g.Q * Math.Log(g.Gamma);
            var sum = 0.0;
            foreach (var c in logs)
            {
                var px = g.P * c.Orders;
                sum += gammas[c.Orders] + constant + (px - 1) * c.LogValue + px * c.LogOrders - (px + g.Q) * Math.Log(g.Gamma + c.AverageValue * c.Orders);
            }

            return -sum / logs.Count + 1e-4 * (theta[0] * theta[0] + theta[1] * theta[1]);
        }

        var best = NelderMead.Minimize(Cost, [0, Math.Log(3), Math.Log(2 * mean)]);
        return new GammaGammaParameters(Math.Exp(best[0]), Math.Exp(best[1]), Math.Exp(best[2]));
    }

    /// <summary>The customer's expected value per order.</summary>
    public static double ExpectedAverageValue(GammaGammaParameters g, int orders, double averageValue)
    {
        // q must exceed 1 for the mean to exist; without it fall back on what the customer spent
        if (g.Q <= 1)
            return averageValue;
        return (g.Gamma + averageValue * orders) * g.P / (g.P * orders + g.Q - 1);
    }
}
