using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

public class ProfileCalculatorTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_preferred_hour_and_weekday_are_the_most_frequent_and_the_earliest_on_a_tie()
    {
        var activity = new CustomerActivity();
        foreach (var customerId in new[] { 1, 2 })
            activity.Orders.Add(new OrderAggregate { CustomerId = customerId, StoreId = 1, Orders = 4, Spent = 40m, FirstOrderUtc = Now.AddDays(-9), LastOrderUtc = Now.AddDays(-1) });
        // the rows of the two customers interleaved, as a range query may return them
        activity.Habits.AddRange(
        [
            new HabitAggregate { CustomerId = 2, Hour = 22, DayOfWeek = DayOfWeek.Friday, Count = 2 },
            new HabitAggregate { CustomerId = 1, Hour = 18, DayOfWeek = DayOfWeek.Sunday, Count = 1 },
            new HabitAggregate { CustomerId = 2, Hour = 7, DayOfWeek = DayOfWeek.Sunday, Count = 3 },
            new HabitAggregate { CustomerId = 2, Hour = 22, DayOfWeek = DayOfWeek.Saturday, Count = 2 },
            new HabitAggregate { CustomerId = 1, Hour = 9, DayOfWeek = DayOfWeek.Monday, Count = 2 },
            new HabitAggregate { CustomerId = 1, Hour = 18, DayOfWeek = DayOfWeek.Tuesday, Count = 1 }
        ]);
        var facts = new[] { 1, 2 }.ToDictionary(id => id, id => new CustomerFacts { CustomerId = id, LastActivityDateUtc = Now });
        var service = new CustomerProfileService(null, null, null, null, null, null, null, null, null, null, new SegmentationSettings(), null);

        var profiles = service.Assemble(activity, facts, Now).Where(p => p.StoreId == 0).ToDictionary(p => p.CustomerId);

        // customer 1: hours 9 and 18 twice each, the earlier wins; Monday twice beats Sunday and Tuesday once
        Assert.That((profiles[1].PreferredHour, profiles[1].PreferredWeekday), Is.EqualTo(((int?)9, (int?)(int)DayOfWeek.Monday)));
        // customer 2: 22:00 on two weekdays adds up to four, more than the three at 7:00; Sunday's three beat two and two
        Assert.That((profiles[2].PreferredHour, profiles[2].PreferredWeekday), Is.EqualTo(((int?)22, (int?)(int)DayOfWeek.Sunday)));
    }

    [TestCase(new[] { 10, 20, 30, 40, 50 }, new[] { 10, 20, 30, 40 })]
    [TestCase(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, new[] { 2, 4, 6, 8 })]
    [TestCase(new[] { 7 }, new[] { 7, 7, 7, 7 })]
    [TestCase(new[] { 1, 1, 1, 1, 2, 3 }, new[] { 1, 1, 1, 2 })]
    [TestCase(new[] { 1, 1, 1, 1, 1, 1, 1, 2, 2, 2 }, new[] { 1, 1, 1, 1 })]
    [TestCase(new[] { 1, 1, 2, 2, 2, 2, 2, 2, 3, 9 }, new[] { 1, 1, 2, 3 })]
    public void Cut_points_split_at_the_quintiles_and_keep_ties_together(int[] sorted, int[] expected)
    {
        Assert.That(ProfileCalculator.CutPoints(sorted.Select(v => (decimal)v).ToList()), Is.EqualTo(expected.Select(v => (decimal)v)));
    }

    [Test]
    public void Real_order_counts_use_every_frequency_score()
    {
        // most customers order once: plain quintiles would cut at 1, 1, 1, 2 and nobody could be F2 or F3
        var orders = Repeat(1, 60).Concat(Repeat(2, 20)).Concat(Repeat(3, 10)).Concat(Repeat(4, 5)).Concat(Repeat(5, 3)).Concat(Repeat(6, 2)).ToList();

        var cuts = ProfileCalculator.CutPoints(orders);

        Assert.That(cuts, Is.EqualTo(new decimal[] { 1, 2, 3, 4 }));
        Assert.That(orders.Select(o => ProfileCalculator.ScoreHigherIsBetter(o, cuts)).Distinct().Order(), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void With_five_distinct_values_every_score_is_used_and_scores_follow_the_values()
    {
        var random = new Random(17);
        for (var run = 0; run < 500; run++)
        {
            // skewed like real data: many small values, a long tail, and ties everywhere
            var n = random.Next(5, 400);
            var values = Enumerable.Range(0, n).Select(_ => (decimal)Math.Floor(Math.Pow(random.NextDouble(), 3) * random.Next(5, 60))).ToList();
            values.Sort();
            var distinct = values.Distinct().Count();
            var cuts = ProfileCalculator.CutPoints(values);

            var high = values.Select(v => ProfileCalculator.ScoreHigherIsBetter(v, cuts)).ToList();
            var low = values.Select(v => ProfileCalculator.ScoreLowerIsBetter(v, cuts)).ToList();
            Assert.That(high, Is.Ordered, $"run {run}");
            Assert.That(low, Is.Ordered.Descending, $"run {run}");
            Assert.That(high[0], Is.EqualTo(1), $"run {run}: the smallest value scores 1");
            if (distinct >= 2)
                Assert.That(high[^1], Is.EqualTo(5), $"run {run}: the largest value scores 5");
            Assert.That(high.Distinct().Count(), Is.EqualTo(Math.Min(5, distinct)), $"run {run}: {string.Join(",", cuts)}");
        }
    }

    [Test]
    public void Without_ties_the_quintiles_hold_a_fifth_each()
    {
        var values = Enumerable.Range(1, 1000).Select(v => (decimal)v).ToList();
        var cuts = ProfileCalculator.CutPoints(values);

        Assert.That(values.GroupBy(v => ProfileCalculator.ScoreHigherIsBetter(v, cuts)).Select(g => g.Count()), Is.All.EqualTo(200));
    }

    private static IEnumerable<decimal> Repeat(int value, int count) => Enumerable.Repeat((decimal)value, count);

    [Test]
    public void Scores_run_from_1_to_5_in_the_right_direction()
    {
        decimal[] cuts = [10, 20, 30, 40];
        Assert.That(new[] { 5, 10, 15, 25, 35, 45 }.Select(v => ProfileCalculator.ScoreHigherIsBetter(v, cuts)), Is.EqualTo(new[] { 1, 1, 2, 3, 4, 5 }));
        Assert.That(new[] { 5, 10, 15, 25, 35, 45 }.Select(v => ProfileCalculator.ScoreLowerIsBetter(v, cuts)), Is.EqualTo(new[] { 5, 5, 4, 3, 2, 1 }));
        Assert.That(ProfileCalculator.ScoreHigherIsBetter(3, []), Is.Zero, "no quintiles yet, no score");
    }

    [TestCase(5, 5, RfmGroup.Champions)]
    [TestCase(4, 5, RfmGroup.LoyalCustomers)]
    [TestCase(3, 4, RfmGroup.LoyalCustomers)]
    [TestCase(5, 2, RfmGroup.PotentialLoyalists)]
    [TestCase(4, 3, RfmGroup.PotentialLoyalists)]
    [TestCase(5, 1, RfmGroup.NewCustomers)]
    [TestCase(4, 1, RfmGroup.Promising)]
    [TestCase(3, 3, RfmGroup.NeedAttention)]
    [TestCase(3, 2, RfmGroup.AboutToSleep)]
    [TestCase(2, 4, RfmGroup.AtRisk)]
    [TestCase(1, 3, RfmGroup.AtRisk)]
    [TestCase(1, 5, RfmGroup.CannotLoseThem)]
    [TestCase(2, 2, RfmGroup.Hibernating)]
    [TestCase(1, 2, RfmGroup.Hibernating)]
    [TestCase(1, 1, RfmGroup.Lost)]
    [TestCase(0, 3, RfmGroup.None)]
    public void Named_groups_follow_the_recency_frequency_grid(int recency, int frequency, RfmGroup expected)
    {
        Assert.That(ProfileCalculator.GroupOf(recency, frequency), Is.EqualTo(expected));
    }

    [Test]
    public void Every_cell_of_the_grid_has_a_group()
    {
        var groups = from r in Enumerable.Range(1, 5) from f in Enumerable.Range(1, 5) select ProfileCalculator.GroupOf(r, f);
        Assert.That(groups, Has.None.EqualTo(RfmGroup.None));
        Assert.That(groups.Distinct().Count(), Is.EqualTo(11));
    }

    [TestCase(0, 0, LifecycleStage.Prospect)]
    [TestCase(10, 10, LifecycleStage.New)]
    [TestCase(30, 5, LifecycleStage.New)]
    [TestCase(31, 5, LifecycleStage.Active)]
    [TestCase(400, 89, LifecycleStage.Active)]
    [TestCase(400, 90, LifecycleStage.AtRisk)]
    [TestCase(400, 180, LifecycleStage.Lapsed)]
    [TestCase(400, 365, LifecycleStage.Churned)]
    public void Lifecycle_follows_the_thresholds(int daysSinceFirst, int daysSinceLast, LifecycleStage expected)
    {
        var profile = new CustomerProfile();
        if (daysSinceFirst > 0)
        {
            profile.OrdersCount = 2;
            profile.FirstOrderDateUtc = Now.AddDays(-daysSinceFirst);
            profile.LastOrderDateUtc = Now.AddDays(-daysSinceLast);
        }

        Assert.That(ProfileCalculator.LifecycleOf(profile, Now, new SegmentationSettings()), Is.EqualTo(expected));
    }

    [TestCase(0, UsageTier.None)]
    [TestCase(1, UsageTier.Light)]
    [TestCase(3, UsageTier.Light)]
    [TestCase(4, UsageTier.Medium)]
    [TestCase(11, UsageTier.Medium)]
    [TestCase(12, UsageTier.Heavy)]
    public void Usage_tiers_by_orders_in_the_last_year(int orders, UsageTier expected)
    {
        Assert.That(ProfileCalculator.TierOf(orders, new SegmentationSettings()), Is.EqualTo(expected));
    }

    [TestCase("2001-06-30", AgeBand.From25To34)]
    [TestCase("2001-07-01", AgeBand.Under25)]
    [TestCase("1961-06-30", AgeBand.From65)]
    [TestCase("1961-07-01", AgeBand.From55To64)]
    [TestCase("2030-01-01", AgeBand.Unknown)]
    public void Age_bands_turn_on_the_birthday(string born, AgeBand expected)
    {
        Assert.That(ProfileCalculator.AgeBandOf(DateTime.Parse(born), Now), Is.EqualTo(expected));
    }
}
