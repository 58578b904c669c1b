using Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

/// <summary>
/// Customers are simulated from the MBG/NBD process with known parameters over a year, and followed for another
/// half year the model does not see. Tolerances: the churned share within 5 points, holdout purchases within 10 %
/// in total and 25 % in each fifth of customers ranked by the prediction, and spend per order within 10 %.
/// </summary>
public class PredictionModelTests
{
    private const double Calibration = 365, Holdout = 180;

    private sealed record SimulatedCustomer(PurchaseHistory History, bool AliveAtEnd, int HoldoutPurchases, double? DaysToNextPurchase);

    private static double SampleGamma(Random random, double shape, double rate)
    {
        if (shape < 1)
            return SampleGamma(random, shape + 1, rate) * Math.Pow(random.NextDouble(), 1 / shape);

        // Marsaglia and Tsang
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + c * z;
            } while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v))
                return d * v / rate;
        }
    }

    private static List<SimulatedCustomer> Simulate(MbgNbdParameters truth, int customers, int seed)
    {
        var random = new Random(seed);
        var result = new List<SimulatedCustomer>();
        for (var i = 0; i < customers; i++)
        {
            var rate = SampleGamma(random, truth.R, truth.Alpha);
            var x1 = SampleGamma(random, truth.A, 1);
            var dropout = x1 / (x1 + SampleGamma(random, truth.B, 1));
            var first = random.NextDouble() * Calibration;
            var (time, repeats, last, alive) = (first, 0, first, random.NextDouble() >= dropout);
            var holdout = 0;
            double? next = null;
            while (alive)
            {
                time += -Math.Log(1 - random.NextDouble()) / rate;
                if (time > Calibration + Holdout)
                    break;
                if (time <= Calibration)
                {
                    (repeats, last) = (repeats + 1, time);
                }
                else
                {
                    holdout++;
                    next ??= time - Calibration;
                }

                alive = random.NextDouble() >= dropout;
                if (!alive && time <= Calibration)
                    break;
            }

            // alive at the end of the calibration year: no drop-out happened up to then
            var aliveAtEnd = alive || time > Calibration;
            result.Add(new SimulatedCustomer(new PurchaseHistory(repeats, last - first, Calibration - first), aliveAtEnd, holdout, next));
        }

        return result;
    }

    [TestCase(0.9, 45, 0.9, 5, 42)]
    [TestCase(0.5, 20, 2.0, 8, 7)]
    [TestCase(2.0, 150, 1.2, 3, 11)]
    public void The_fit_recovers_churn_and_purchase_timing_of_a_known_process(double r, double alpha, double a, double b, int seed)
    {
        var truth = new MbgNbdParameters(r, alpha, a, b);
        var customers = Simulate(truth, 6000, seed);

        var fitted = MbgNbdModel.Fit(customers.Select(c => c.History));
        TestContext.Out.WriteLine($"true {truth}, fitted {fitted}");

        var predictedChurned = customers.Average(c => 1 - MbgNbdModel.ProbabilityAlive(fitted, c.History));
        var actualChurned = customers.Average(c => c.AliveAtEnd ? 0.0 : 1.0);
        Assert.That(predictedChurned, Is.EqualTo(actualChurned).Within(0.05), "share of churned customers");

        // customers the model is surest have left have indeed left more often
        var byChurn = customers.OrderBy(c => MbgNbdModel.ProbabilityAlive(fitted, c.History)).ToList();
        var mostLikelyGone = byChurn.Take(byChurn.Count / 5).Average(c => c.AliveAtEnd ? 0.0 : 1.0);
        var leastLikelyGone = byChurn.Skip(4 * byChurn.Count / 5).Average(c => c.AliveAtEnd ? 0.0 : 1.0);
        Assert.That(mostLikelyGone, Is.GreaterThan(leastLikelyGone + 0.3));

        var predicted = customers.Select(c => MbgNbdModel.ExpectedPurchases(fitted, c.History, Holdout)).ToList();
        Assert.That(predicted.Sum(), Is.EqualTo(customers.Sum(c => c.HoldoutPurchases)).Within(10).Percent, "holdout purchases in total");

        var ranked = customers.Zip(predicted).OrderBy(pair => pair.Second).ToList();
        for (var fifth = 0; fifth < 5; fifth++)
        {
            var group = ranked.Skip(fifth * ranked.Count / 5).Take(ranked.Count / 5).ToList();
            var expected = group.Average(pair => pair.Second);
            var actual = group.Average(pair => (double)pair.First.HoldoutPurchases);
            Assert.That(expected, Is.EqualTo(actual).Within(Math.Max(0.05, 0.25 * actual)), $"fifth {fifth + 1}");
        }

        // next-order timing: the customers expected back soonest do come back sooner
        var active = customers.Where(c => c.AliveAtEnd).OrderBy(c => MbgNbdModel.ExpectedDaysToNextPurchase(fitted, c.History)).ToList();
        double Back(IEnumerable<SimulatedCustomer> group) => group.Average(c => c.DaysToNextPurchase ?? Holdout);
        Assert.That(Back(active.Take(active.Count / 5)), Is.LessThan(0.6 * Back(active.Skip(4 * active.Count / 5))));
    }

    [Test]
    public void The_gamma_gamma_fit_recovers_the_spend_per_order()
    {
        var (p, q, gamma) = (6.0, 4.0, 60.0);
        var random = new Random(5);
        var customers = new List<(int Orders, double AverageValue, double TrueMean)>();
        for (var i = 0; i < 4000; i++)
        {
            var nu = SampleGamma(random, q, gamma);
            var orders = 1 + random.Next(8);
            var spend = Enumerable.Range(0, orders).Sum(_ => SampleGamma(random, p, nu));
            customers.Add((orders, spend / orders, p / nu));
        }

        var fitted = GammaGammaModel.Fit(customers.Select(c => (c.Orders, c.AverageValue)));

        var predicted = customers.Average(c => GammaGammaModel.ExpectedAverageValue(fitted, c.Orders, c.AverageValue));
        Assert.That(predicted, Is.EqualTo(customers.Average(c => c.TrueMean)).Within(10).Percent);
        // shrinkage: a one-order customer's estimate lies between their order and the store's mean
        var storeMean = customers.Average(c => c.AverageValue);
        var single = GammaGammaModel.ExpectedAverageValue(fitted, 1, 3 * storeMean);
        Assert.That(single, Is.InRange(storeMean, 3 * storeMean));
    }

    [Test]
    public void Log_gamma_matches_known_values()
    {
        Assert.That(SpecialFunctions.LogGamma(1), Is.EqualTo(0).Within(1e-12));
        Assert.That(SpecialFunctions.LogGamma(0.5), Is.EqualTo(Math.Log(Math.Sqrt(Math.PI))).Within(1e-12));
        Assert.That(SpecialFunctions.LogGamma(10), Is.EqualTo(Math.Log(362880)).Within(1e-10));
        Assert.That(SpecialFunctions.LogGamma(0.1), Is.EqualTo(2.252712651734206).Within(1e-10));
        Assert.That(SpecialFunctions.Hypergeometric2F1(1, 1, 2, 0.5), Is.EqualTo(-Math.Log(0.5) / 0.5).Within(1e-9));
    }
}
