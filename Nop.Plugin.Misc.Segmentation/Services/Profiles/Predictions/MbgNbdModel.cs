using static Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions.SpecialFunctions;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;

/// <summary>MBG/NBD parameters: purchase rates ~ Gamma(r, α) per day, drop-out probabilities ~ Beta(a, b).</summary>
public record MbgNbdParameters(double R, double Alpha, double A, double B);

/// <summary>
/// The modified beta-geometric / negative binomial distribution model of repeat buying (Batislam, Denizel and Filiztekin
/// 2007), the variant of Fader, Hardie and Lee's BG/NBD (2005) in which a customer may also drop out right after
/// the first purchase, so one-time buyers of long ago are not taken for active. While active, a customer buys as a
/// Poisson process; after each purchase they leave for good with their own probability.
/// </summary>
public static class MbgNbdModel
{
    public static double LogLikelihood(MbgNbdParameters p, PurchaseHistory h) => LogLikelihood(p, h, TermsOf(p, h.Repeats));

    /// <summary>The parts of the likelihood that depend on the parameters and the repeat count only.</summary>
    private readonly record struct RepeatTerms(double Common, double StillActive, double GoneAfterLast);

    private static RepeatTerms TermsOf(MbgNbdParameters p, int x) => new(
        LogGamma(p.R + x) - LogGamma(p.R) + p.R * Math.Log(p.Alpha) - LogBeta(p.A, p.B),
        LogBeta(p.A, p.B + x + 1),
        LogBeta(p.A + 1, p.B + x));

    private static double LogLikelihood(MbgNbdParameters p, PurchaseHistory h, RepeatTerms terms)
    {
        var rx = p.R + h.Repeats;
        var stillActive = terms.StillActive - rx * Math.Log(p.Alpha + h.Age);
        var goneAfterLast = terms.GoneAfterLast - rx * Math.Log(p.Alpha + h.Recency);
        var max = Math.Max(stillActive, goneAfterLast);
        return terms.Common + max + Math.Log(Math.Exp(stillActive - max) + Math.Exp(goneAfterLast - max));
    }

    /// <summary>
    /// Maximum-likelihood fit. Histories are grouped, so repeated ones cost one evaluation, and the gamma-function
    /// terms are worked out once per repeat count, which customers share by the thousand.
    /// </summary>
    public static MbgNbdParameters Fit(IEnumerable<PurchaseHistory> histories)
    {
        var groups = histories.GroupBy(h => h).Select(g => (History: g.Key, Weight: (double)g.Count())).ToList();
        if (groups.Count == 0)
            throw new ArgumentException("At least one customer with a purchase is needed.", nameof(histories));

        var total = groups.Sum(g => g.Weight);
        var meanAge = Math.Max(1, groups.Sum(g => g.History.Age * g.Weight) / total);
        var repeatCounts = groups.Select(g => g.History.Repeats).Distinct().ToList();
        double Cost(double[] theta)
        {
            var parameters = new MbgNbdParameters(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]));
            var terms = repeatCounts.ToDictionary(x => x, x => TermsOf(parameters, x));
            var sum = 0.0;
            foreach (var (history, weight) in groups)
                sum += weight * LogLikelihood(parameters, history, terms[history.Repeats]);
            // a faint pull towards 1 keeps flat directions (e.g. a store of one-time buyers) from running off
            return -sum / total + 1e-4 * theta.Sum(t => t * t);
        }

        var best = NelderMead.Minimize(Cost, [0, Math.Log(meanAge), 0, 0]);
        return new MbgNbdParameters(Math.Exp(best[0]), Math.Exp(best[1]), Math.Exp(best[2]), Math.Exp(best[3]));
    }

    /// <summary>Probability that the customer is still active (has not dropped out).</summary>
    public static double ProbabilityAlive(MbgNbdParameters p, PurchaseHistory h)
    {
        var x = h.Repeats;
        var ratio = p.A / (p.B + x) * Math.Exp((p.R + x) * (Math.Log(p.Alpha + h.Age) - Math.Log(p.Alpha + h.Recency)));
        return 1 / (1 + ratio);
    }

    /// <summary>Expected number of purchases in the next <paramref name="days"/> days.</summary>
    public static double ExpectedPurchases(MbgNbdParameters p, PurchaseHistory h, double days)
    {
        var (r, alpha, a, b) = (p.R, p.Alpha, p.A, p.B);
        var x = h.Repeats;
        if (Math.Abs(a - 1) < 1e-6)
            a = 1 + 1e-6; // the closed form holds for a ≠ 1 (both factors change sign below 1); step off the pole

        var z = days / (alpha + h.Age + days);
        var hyper = Hypergeometric2F1(r + x, b + x + 1, a + b + x, z);
        var numerator = (a + b + x) / (a - 1) * (1 - Math.Pow((alpha + h.Age) / (alpha + h.Age + days), r + x) * hyper);
        var denominator = 1 + a / (b + x) * Math.Pow((alpha + h.Age) / (alpha + h.Recency), r + x);
        return numerator / denominator;
    }

    /// <summary>Expected days from now to the next purchase of an active customer: the inverse of their expected rate.</summary>
    public static double ExpectedDaysToNextPurchase(MbgNbdParameters p, PurchaseHistory h) => (p.Alpha + h.Age) / (p.R + h.Repeats);
}
