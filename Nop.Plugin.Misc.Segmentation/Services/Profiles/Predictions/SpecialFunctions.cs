namespace Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;

/// <summary>The few special functions the purchase models need; .NET has no log-gamma of its own.</summary>
public static class SpecialFunctions
{
    private static readonly double[] _lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7; about 15 significant digits).</summary>
    public static double LogGamma(double x)
    {
        if (x <= 0 || double.IsNaN(x))
            return double.NaN;
        if (x < 0.5)
            // reflection keeps the series in its accurate range
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);

        x -= 1;
        var sum = _lanczos[0];
        for (var i = 1; i < _lanczos.Length; i++)
            sum += _lanczos[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>Gauss hypergeometric ₂F₁(a, b; c; z) by its series, for 0 ≤ z &lt; 1.</summary>
    public static double Hypergeometric2F1(double a, double b, double c, double z)
    {
        var term = 1.0;
        var sum = 1.0;
        for (var n = 0; n < 100_000; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum))
                break;
        }

        return sum;
    }
}
