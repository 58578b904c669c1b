using Nop.Plugin.Misc.Segmentation.Services;

namespace Nop.Plugin.Misc.Segmentation.Infrastructure;

/// <summary>
/// The plugin's locale resources. English is installed for every language, then replaced by the Russian and
/// Chinese texts in languages of those cultures. Every key exists in all three; a test holds that.
/// </summary>
public static class SegmentationLocales
{
    private const string P = SegmentationDefaults.ResourcePrefix;

    public const string PermissionResource = "Security.Permission." + SegmentationPermissionConfigManager.MANAGE_SEGMENTS;

    /// <summary>Prefixes removed on uninstall; everything above lives under one of them.</summary>
    public static readonly string[] Prefixes = [P, PermissionResource, "Enums.Nop.Plugin.Misc.Segmentation."];

    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>
    {
        [P + "Menu.Title"] = "Customer segments",
        [P + "Configuration.Lifecycle"] = "Customer lifecycle",
        [P + "Configuration.Maintenance"] = "Maintenance",
        [P + "Fields.NewCustomerDays"] = "New customer (days)",
        [P + "Fields.NewCustomerDays.Hint"] = "A customer whose first order is at most this many days old counts as new.",
        [P + "Fields.AtRiskAfterDays"] = "At risk after (days)",
        [P + "Fields.AtRiskAfterDays.Hint"] = "A customer without an order for this many days is at risk.",
        [P + "Fields.LapsedAfterDays"] = "Lapsed after (days)",
        [P + "Fields.LapsedAfterDays.Hint"] = "A customer without an order for this many days has lapsed.",
        [P + "Fields.ChurnedAfterDays"] = "Churned after (days)",
        [P + "Fields.ChurnedAfterDays.Hint"] = "A customer without an order for this many days is counted as churned.",
        [P + "Configuration.UsageTiers"] = "Usage tiers",
        [P + "Fields.HeavyTierMinOrders"] = "Heavy buyer from (orders a year)",
        [P + "Fields.HeavyTierMinOrders.Hint"] = "Customers with at least this many orders in the last 365 days are heavy buyers.",
        [P + "Fields.MediumTierMinOrders"] = "Medium buyer from (orders a year)",
        [P + "Fields.MediumTierMinOrders.Hint"] = "Customers with at least this many orders in the last 365 days (and fewer than for heavy) are medium buyers; the rest who ordered are light.",
        [P + "Fields.Tiers.Range"] = "Enter a number of orders from 1 to 1000.",
        [P + "Fields.Tiers.Order"] = "The heavy buyer threshold must be above the medium one.",
        [P + "Fields.RebuildLeaseMinutes"] = "Rebuild lease (minutes)",
        [P + "Fields.RebuildLeaseMinutes.Hint"] = "In a web farm, how long a rebuild may go without reporting progress before another server takes over.",
        [P + "Fields.RebuildLeaseMinutes.Range"] = "Enter a number of minutes from 1 to 240.",
        [P + "Configuration.BuiltInSegments"] = "Built-in segments",
        [P + "Fields.LoyalMinOrders"] = "Loyal from (orders)",
        [P + "Fields.LoyalMinOrders.Hint"] = "Customers with at least this many orders within the period are loyal (the bar for the loyalty shipping upgrade).",
        [P + "Fields.LoyalMinAmount"] = "… or from (amount)",
        [P + "Fields.LoyalMinAmount.Hint"] = "Customers who spent at least this much within the period are loyal too, in the primary store currency. 0 for orders only.",
        [P + "Fields.LoyalPeriodDays"] = "Within (days)",
        [P + "Fields.LoyalPeriodDays.Hint"] = "The period the loyal bar counts: 30, 90 or 365 days.",
        [P + "Fields.LoyalPeriodDays.Values"] = "Choose 30, 90 or 365 days.",
        [P + "Fields.VipMinSpent"] = "VIP from (spent in a year)",
        [P + "Fields.VipMinSpent.Hint"] = "Customers who spent at least this much in the last 365 days are VIP, in the primary store currency.",
        [P + "Fields.Amount.Range"] = "Enter an amount from 0 to 100000000.",
        [P + "Requirement.Segments"] = "Customer segments",
        [P + "Requirement.Segments.Hint"] = "The segments this discount is for.",
        [P + "Requirement.Match"] = "The customer is in",
        [P + "Requirement.Match.Hint"] = "Any of the segments, all of them, or none of them.",
        [P + "Requirement.Audience"] = "For",
        [P + "Requirement.Audience.Hint"] = "Everyone, only guests (recognised by the customer cookie) or only registered customers.",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.Any"] = "any of them",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.All"] = "all of them",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.None"] = "none of them",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.Everyone"] = "everyone",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.GuestsOnly"] = "guests only",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.RegisteredOnly"] = "registered customers only",
        [P + "Fields.BatchSize"] = "Batch size",
        [P + "Fields.BatchSize.Hint"] = "How many rows the scheduled update changes per statement. Smaller batches hold database locks for less time.",
        [P + "Fields.Days.Range"] = "Enter a whole number of days from 1 to 3650.",
        [P + "Fields.BatchSize.Range"] = "Enter a batch size from 100 to 100000.",
        [P + "Fields.Lifecycle.Order"] = "The thresholds must increase: new customer < at risk < lapsed < churned.",
        [PermissionResource] = "Admin area. Manage customer segments"
    };

    public static IReadOnlyDictionary<string, string> Russian { get; } = new Dictionary<string, string>
    {
        [P + "Menu.Title"] = "Сегменты покупателей",
        [P + "Configuration.Lifecycle"] = "Жизненный цикл покупателя",
        [P + "Configuration.Maintenance"] = "Обслуживание",
        [P + "Fields.NewCustomerDays"] = "Новый покупатель (дней)",
        [P + "Fields.NewCustomerDays.Hint"] = "Покупатель, чей первый заказ сделан не более указанного числа дней назад, считается новым.",
        [P + "Fields.AtRiskAfterDays"] = "Под угрозой ухода через (дней)",
        [P + "Fields.AtRiskAfterDays.Hint"] = "Покупатель без заказов в течение указанного числа дней считается под угрозой ухода.",
        [P + "Fields.LapsedAfterDays"] = "Неактивен через (дней)",
        [P + "Fields.LapsedAfterDays.Hint"] = "Покупатель без заказов в течение указанного числа дней считается неактивным.",
        [P + "Fields.ChurnedAfterDays"] = "Ушедший через (дней)",
        [P + "Fields.ChurnedAfterDays.Hint"] = "Покупатель без заказов в течение указанного числа дней считается ушедшим.",
        [P + "Configuration.UsageTiers"] = "Уровни активности",
        [P + "Fields.HeavyTierMinOrders"] = "Частый покупатель от (заказов в год)",
        [P + "Fields.HeavyTierMinOrders.Hint"] = "Покупатели, сделавшие не менее указанного числа заказов за последние 365 дней, считаются частыми.",
        [P + "Fields.MediumTierMinOrders"] = "Средний покупатель от (заказов в год)",
        [P + "Fields.MediumTierMinOrders.Hint"] = "Покупатели, сделавшие не менее указанного числа заказов за последние 365 дней (и меньше, чем для частых), считаются средними; остальные заказывавшие — редкими.",
        [P + "Fields.Tiers.Range"] = "Введите число заказов от 1 до 1000.",
        [P + "Fields.Tiers.Order"] = "Порог частого покупателя должен быть выше порога среднего.",
        [P + "Fields.RebuildLeaseMinutes"] = "Аренда пересчёта (минут)",
        [P + "Fields.RebuildLeaseMinutes.Hint"] = "В веб-ферме: сколько пересчёт может не сообщать о ходе работы, прежде чем его продолжит другой сервер.",
        [P + "Fields.RebuildLeaseMinutes.Range"] = "Введите число минут от 1 до 240.",
        [P + "Configuration.BuiltInSegments"] = "Встроенные сегменты",
        [P + "Fields.LoyalMinOrders"] = "Постоянный покупатель от (заказов)",
        [P + "Fields.LoyalMinOrders.Hint"] = "Покупатели, сделавшие за период не менее указанного числа заказов, считаются постоянными (порог для улучшенной доставки).",
        [P + "Fields.LoyalMinAmount"] = "… или от (сумма)",
        [P + "Fields.LoyalMinAmount.Hint"] = "Покупатели, потратившие за период не меньше этой суммы в основной валюте магазина, тоже считаются постоянными. 0 — только по заказам.",
        [P + "Fields.LoyalPeriodDays"] = "За (дней)",
        [P + "Fields.LoyalPeriodDays.Hint"] = "Период, за который считается порог: 30, 90 или 365 дней.",
        [P + "Fields.LoyalPeriodDays.Values"] = "Выберите 30, 90 или 365 дней.",
        [P + "Fields.VipMinSpent"] = "VIP от (потрачено за год)",
        [P + "Fields.VipMinSpent.Hint"] = "Покупатели, потратившие за последние 365 дней не меньше этой суммы в основной валюте магазина, считаются VIP.",
        [P + "Fields.Amount.Range"] = "Введите сумму от 0 до 100000000.",
        [P + "Requirement.Segments"] = "Сегменты покупателей",
        [P + "Requirement.Segments.Hint"] = "Сегменты, для которых действует скидка.",
        [P + "Requirement.Match"] = "Покупатель входит в",
        [P + "Requirement.Match.Hint"] = "Любой из сегментов, все сразу или ни один.",
        [P + "Requirement.Audience"] = "Для кого",
        [P + "Requirement.Audience.Hint"] = "Для всех, только для гостей (узнаваемых по cookie) или только для зарегистрированных покупателей.",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.Any"] = "любой из них",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.All"] = "все сразу",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.None"] = "ни один из них",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.Everyone"] = "для всех",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.GuestsOnly"] = "только для гостей",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.RegisteredOnly"] = "только для зарегистрированных",
        [P + "Fields.BatchSize"] = "Размер пакета",
        [P + "Fields.BatchSize.Hint"] = "Сколько строк плановое обновление изменяет за один запрос. Меньшие пакеты короче удерживают блокировки базы данных.",
        [P + "Fields.Days.Range"] = "Введите целое число дней от 1 до 3650.",
        [P + "Fields.BatchSize.Range"] = "Введите размер пакета от 100 до 100000.",
        [P + "Fields.Lifecycle.Order"] = "Пороги должны возрастать: новый покупатель < под угрозой < неактивен < ушедший.",
        [PermissionResource] = "Панель администратора. Управление сегментами покупателей"
    };

    public static IReadOnlyDictionary<string, string> Chinese { get; } = new Dictionary<string, string>
    {
        [P + "Menu.Title"] = "客户细分",
        [P + "Configuration.Lifecycle"] = "客户生命周期",
        [P + "Configuration.Maintenance"] = "维护",
        [P + "Fields.NewCustomerDays"] = "新客户（天）",
        [P + "Fields.NewCustomerDays.Hint"] = "首次下单不超过此天数的客户视为新客户。",
        [P + "Fields.AtRiskAfterDays"] = "流失风险（天）",
        [P + "Fields.AtRiskAfterDays.Hint"] = "超过此天数未下单的客户视为有流失风险。",
        [P + "Fields.LapsedAfterDays"] = "沉睡（天）",
        [P + "Fields.LapsedAfterDays.Hint"] = "超过此天数未下单的客户视为沉睡客户。",
        [P + "Fields.ChurnedAfterDays"] = "已流失（天）",
        [P + "Fields.ChurnedAfterDays.Hint"] = "超过此天数未下单的客户视为已流失。",
        [P + "Configuration.UsageTiers"] = "购买频率等级",
        [P + "Fields.HeavyTierMinOrders"] = "高频客户起点（每年订单数）",
        [P + "Fields.HeavyTierMinOrders.Hint"] = "过去 365 天内订单数不少于此值的客户为高频客户。",
        [P + "Fields.MediumTierMinOrders"] = "中频客户起点（每年订单数）",
        [P + "Fields.MediumTierMinOrders.Hint"] = "过去 365 天内订单数不少于此值（且低于高频起点）的客户为中频客户；其余下过单的客户为低频客户。",
        [P + "Fields.Tiers.Range"] = "请输入 1 到 1000 之间的订单数。",
        [P + "Fields.Tiers.Order"] = "高频客户的阈值必须高于中频客户的阈值。",
        [P + "Fields.RebuildLeaseMinutes"] = "重建租约（分钟）",
        [P + "Fields.RebuildLeaseMinutes.Hint"] = "在 Web 集群中，重建在多长时间未报告进度后可由另一台服务器接手。",
        [P + "Fields.RebuildLeaseMinutes.Range"] = "请输入 1 到 240 之间的分钟数。",
        [P + "Configuration.BuiltInSegments"] = "内置细分",
        [P + "Fields.LoyalMinOrders"] = "忠实客户起点（订单数）",
        [P + "Fields.LoyalMinOrders.Hint"] = "在该期间内订单数不少于此值的客户为忠实客户（忠诚配送升级的门槛）。",
        [P + "Fields.LoyalMinAmount"] = "……或起点（金额）",
        [P + "Fields.LoyalMinAmount.Hint"] = "在该期间内消费不少于此金额（商店主货币）的客户也为忠实客户。0 表示仅按订单数。",
        [P + "Fields.LoyalPeriodDays"] = "期间（天）",
        [P + "Fields.LoyalPeriodDays.Hint"] = "忠实门槛计算的期间：30、90 或 365 天。",
        [P + "Fields.LoyalPeriodDays.Values"] = "请选择 30、90 或 365 天。",
        [P + "Fields.VipMinSpent"] = "VIP 起点（年消费）",
        [P + "Fields.VipMinSpent.Hint"] = "过去 365 天内消费不少于此金额（商店主货币）的客户为 VIP。",
        [P + "Fields.Amount.Range"] = "请输入 0 到 100000000 之间的金额。",
        [P + "Requirement.Segments"] = "客户细分",
        [P + "Requirement.Segments.Hint"] = "此折扣适用的细分。",
        [P + "Requirement.Match"] = "客户属于",
        [P + "Requirement.Match.Hint"] = "任一细分、全部细分或不属于任何细分。",
        [P + "Requirement.Audience"] = "适用对象",
        [P + "Requirement.Audience.Hint"] = "所有人、仅访客（通过客户 Cookie 识别）或仅注册客户。",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.Any"] = "任一",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.All"] = "全部",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.SegmentMatch.None"] = "都不属于",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.Everyone"] = "所有人",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.GuestsOnly"] = "仅访客",
        ["Enums.Nop.Plugin.Misc.Segmentation.Domain.RequirementAudience.RegisteredOnly"] = "仅注册客户",
        [P + "Fields.BatchSize"] = "批量大小",
        [P + "Fields.BatchSize.Hint"] = "计划更新每条语句修改的行数。批量越小，数据库锁定时间越短。",
        [P + "Fields.Days.Range"] = "请输入 1 到 3650 之间的整数天数。",
        [P + "Fields.BatchSize.Range"] = "请输入 100 到 100000 之间的批量大小。",
        [P + "Fields.Lifecycle.Order"] = "阈值必须递增：新客户 < 流失风险 < 沉睡 < 已流失。",
        [PermissionResource] = "管理区域。管理客户细分"
    };

    /// <summary>Translations by the first part of a language culture ("ru-RU" → "ru").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Translations { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ru"] = Russian,
            ["zh"] = Chinese
        };
}
