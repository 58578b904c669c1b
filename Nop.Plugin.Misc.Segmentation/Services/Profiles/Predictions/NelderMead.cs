namespace Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;

/// <summary>
/// Nelder–Mead simplex minimisation: needs no derivatives, which suits likelihoods built from log-gamma terms.
/// </summary>
public static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double step = 0.5, int maxIterations = 2000, double tolerance = 1e-9)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = (double[])start.Clone();
        for (var i = 0; i < n; i++)
        {
            simplex[i + 1] = (double[])start.Clone();
            simplex[i + 1][i] += step;
        }

        for (var i = 0; i <= n; i++)
            values[i] = f(simplex[i]);

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            simplex = order.Select(i => simplex[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + tolerance))
                break;

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    centroid[j] += simplex[i][j] / n;

            double[] Towards(double coefficient) => centroid.Select((c, j) => c + coefficient * (simplex[n][j] - c)).ToArray();

            var reflected = Towards(-1);
            var reflectedValue = f(reflected);
            if (reflectedValue < values[0])
            {
                var expanded = Towards(-2);
                var expandedValue = f(expanded);
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
            }
            else if (reflectedValue < values[n - 1])
                (simplex[n], values[n]) = (reflected, reflectedValue);
            else
            {
                var contracted = reflectedValue < values[n] ? Towards(-0.5) : Towards(0.5);
                var contractedValue = f(contracted);
                if (contractedValue < Math.Min(reflectedValue, values[n]))
                    (simplex[n], values[n]) = (contracted, contractedValue);
                else
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = simplex[i].Select((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j])).ToArray();
                        values[i] = f(simplex[i]);
                    }
            }
        }

        return simplex[Array.IndexOf(values, values.Min())];
    }
}
