using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Segmentation.Controllers;

/// <summary>Customers > Customer segments: the list, the editor with its preview, members, movements and static lists.</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class SegmentAdminController : BasePluginController
{
    public const string ListView = SegmentationDefaults.PluginFolder + "Views/Admin/Segment/List.cshtml";
    public const string EditView = SegmentationDefaults.PluginFolder + "Views/Admin/Segment/Edit.cshtml";
    public const string DetailsView = SegmentationDefaults.PluginFolder + "Views/Admin/Segment/_Details.cshtml";

    private readonly ICampaignService _campaignService;
    private readonly IDiscountService _discountService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly RoleSyncService _roleSyncService;
    private readonly SegmentDiscountService _segmentDiscountService;
    private readonly SegmentEvaluationService _evaluationService;
    private readonly SegmentMemberService _memberService;
    private readonly SegmentModelFactory _modelFactory;
    private readonly SegmentPreviewService _previewService;
    private readonly SegmentService _segmentService;
    private readonly StaticSegmentService _staticSegmentService;
    private readonly TimeProvider _time;

    public SegmentAdminController(ICampaignService campaignService,
        IDiscountService discountService,
        ILocalizationService localizationService,
        INotificationService notificationService,
        RoleSyncService roleSyncService,
        SegmentDiscountService segmentDiscountService,
        SegmentEvaluationService evaluationService,
        SegmentMemberService memberService,
        SegmentModelFactory modelFactory,
        SegmentPreviewService previewService,
        SegmentService segmentService,
        StaticSegmentService staticSegmentService,
        TimeProvider time)
    {
        _campaignService = campaignService;
        _discountService = discountService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _roleSyncService = roleSyncService;
        _segmentDiscountService = segmentDiscountService;
        _evaluationService = evaluationService;
        _memberService = memberService;
        _modelFactory = modelFactory;
        _previewService = previewService;
        _segmentService = segmentService;
        _staticSegmentService = staticSegmentService;
        _time = time;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);

    #region List

    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> List() => View(ListView, await _modelFactory.PrepareSegmentSearchModelAsync());

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> SegmentList(SegmentSearchModel searchModel) =>
        Json(await _modelFactory.PrepareSegmentListModelAsync(searchModel ?? new SegmentSearchModel()));

    /// <summary>Switches the selected segments on or off; rule segments are filled or emptied at once.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> SetActive(ICollection<int> selectedIds, bool active)
    {
        if (selectedIds == null || selectedIds.Count == 0)
            return NoContent();
        var changed = await _segmentService.SetActiveAsync(selectedIds, active, Now);
        return Json(new { changed });
    }

    #endregion

    #region Create, edit, duplicate, delete

    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Create(int? type)
    {
        var model = await _modelFactory.PrepareSegmentModelAsync(
            new SegmentModel { Active = true, SegmentTypeId = type == (int)SegmentType.Static ? (int)SegmentType.Static : (int)SegmentType.Dynamic }, null);
        return View(EditView, model);
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Create(SegmentModel model) => await SaveAsync(null, model ?? new SegmentModel());

    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Edit(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        return View(EditView, await _modelFactory.PrepareSegmentModelAsync(null, segment));
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Edit(SegmentModel model)
    {
        var segment = await _segmentService.GetByIdAsync(model?.Id ?? 0);
        if (segment == null)
            return NotFound();
        return await SaveAsync(segment, model);
    }

    private async Task<IActionResult> SaveAsync(Segment segment, SegmentModel model)
    {
        var input = new SegmentInput(model.Name, model.Description, (SegmentType)model.SegmentTypeId, model.Rule, model.StoreId, model.Priority,
            model.Active, model.CustomerRoleId, model.NewRoleName);
        if (ModelState.IsValid)
        {
            var (saved, errors) = await _segmentService.SaveAsync(segment, input, Now);
            if (errors.Count == 0)
            {
                _notificationService.SuccessNotification(string.Format(await ResourceAsync("Segments.Saved"), saved.Name, saved.MemberCount));
                return RedirectToAction(nameof(Edit), new { id = saved.Id });
            }

            foreach (var error in errors)
                ModelState.AddModelError(error.Field, error.Message);
        }

        // shown again as typed, nothing saved
        return View(EditView, await _modelFactory.PrepareSegmentModelAsync(model, segment));
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Duplicate(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        var copy = await _segmentService.DuplicateAsync(segment, Now);
        _notificationService.SuccessNotification(string.Format(await ResourceAsync("Segments.Duplicated"), copy.Name));
        return RedirectToAction(nameof(Edit), new { id = copy.Id });
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Delete(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        if (await _segmentService.DeleteAsync(segment) is { } problem)
        {
            _notificationService.ErrorNotification(problem);
            return RedirectToAction(nameof(Edit), new { id });
        }

        _notificationService.SuccessNotification(string.Format(await ResourceAsync("Segments.Deleted"), segment.Name));
        return RedirectToAction(nameof(List));
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Evaluate(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        if (segment.SegmentType == SegmentType.Static || string.IsNullOrWhiteSpace(segment.Rule))
            _notificationService.ErrorNotification(await ResourceAsync("Segments.Error.EvaluateStatic"));
        else
        {
            var change = await _evaluationService.EvaluateAsync(segment, Now);
            if (segment.CustomerRoleId != 0)
                await _roleSyncService.SyncAsync(segment);
            _notificationService.SuccessNotification(string.Format(await ResourceAsync("Segments.Evaluated"), segment.MemberCount, change.Entered, change.Left));
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    #endregion

    #region Rule editor

    /// <summary>
    /// The editor's answer while the owner types: where the rule is wrong, or what it would give (count, share,
    /// sample, who would enter and leave), from the same compiled rule the evaluation runs.
    /// </summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Preview(string rule, int storeId, int id)
    {
        if (SegmentEvaluationService.Validate(rule) is { } error)
            return Json(new RulePreviewModel { Valid = false, ErrorPosition = error.Position, Error = error.Message, Suggestion = error.Suggestion });

        // a segment of another id is compared with nothing rather than refused: the form may be a new segment
        var segmentId = id > 0 && await _segmentService.GetByIdAsync(id) != null ? id : 0;
        var counting = _previewService.PreviewAsync(rule, storeId, segmentId, Now);
        if (await Task.WhenAny(counting, Task.Delay(TimeSpan.FromSeconds(SegmentationDefaults.PreviewTimeoutSeconds))) != counting)
            return Json(new RulePreviewModel { Valid = true, Error = string.Format(await ResourceAsync("Segments.Preview.TooSlow"), SegmentationDefaults.PreviewTimeoutSeconds) });

        var preview = await counting;
        return Json(new RulePreviewModel
        {
            Valid = true,
            Matching = preview.Matching,
            Customers = preview.Customers,
            Share = preview.Customers == 0 ? "0%" : ((decimal)preview.Matching / preview.Customers).ToString("P1", CultureInfo.CurrentCulture),
            Entering = preview.Entering,
            Leaving = preview.Leaving,
            Sample = preview.Sample.Select(c => new RulePreviewCustomer(c.Id, c.Email)).ToList()
        });
    }

    /// <summary>Every field of the rule language from the compiler's own table, with its meaning in the owner's language and what to pick from.</summary>
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> RuleReference() => Json(await _modelFactory.PrepareRuleReferenceAsync());

    /// <summary>Products or categories for the builder's pickers, searched by name or id.</summary>
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> RuleLookup(string kind, string text) => Json(await _modelFactory.LookupAsync(kind, text));

    /// <summary>The rule text as the visual builder's tree, or where the text is wrong.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public IActionResult RuleToTree(string rule)
    {
        try
        {
            return Json(new { Tree = RuleTree.FromNode(RuleParser.Parse(rule)) });
        }
        catch (RuleSyntaxException error)
        {
            return Json(new { Error = error.Message, ErrorPosition = error.Position, error.Suggestion });
        }
    }

    /// <summary>The builder's tree as rule text, through the one printer the text view also goes through.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> TreeToRule(string tree)
    {
        try
        {
            var parsed = Newtonsoft.Json.JsonConvert.DeserializeObject<RuleTree>(tree ?? string.Empty, new Newtonsoft.Json.JsonSerializerSettings { MaxDepth = 64 });
            if (parsed == null)
                return Json(new { Error = await ResourceAsync("Rule.BuilderInvalid") });
            var text = parsed.ToText();
            // the printed text must read back: a value the builder let through that the language refuses is shown, not saved
            return SegmentEvaluationService.Validate(text) is { } error ? Json(new { Rule = text, Error = error.Message }) : Json(new { Rule = text });
        }
        catch (Exception error) when (error is Newtonsoft.Json.JsonException or RuleSyntaxException or ArgumentException or InvalidOperationException)
        {
            return Json(new { Error = error is RuleSyntaxException ? error.Message : await ResourceAsync("Rule.BuilderInvalid") });
        }
    }

    #endregion

    #region Members and movements

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> MemberList(SegmentMemberSearchModel searchModel)
    {
        var segment = await _segmentService.GetByIdAsync(searchModel?.SegmentId ?? 0);
        if (segment == null)
            return NotFound();
        ApplyGridSort(searchModel);
        return Json(await _modelFactory.PrepareMemberListModelAsync(searchModel, segment));
    }

    /// <summary>The grid's column sort (data tables post order[0][column] and columns[n][data]) as the search model's.</summary>
    private void ApplyGridSort(SegmentMemberSearchModel searchModel)
    {
        if (!Request.HasFormContentType || string.IsNullOrEmpty(Request.Form["order[0][column]"]))
            return;
        var column = Request.Form["order[0][column]"].ToString();
        searchModel.SortBy = Request.Form[$"columns[{column}][data]"].ToString() switch
        {
            nameof(SegmentMemberModel.Email) => nameof(MemberSort.Email),
            nameof(SegmentMemberModel.Orders) => nameof(MemberSort.Orders),
            nameof(SegmentMemberModel.Spent) => nameof(MemberSort.Spent),
            nameof(SegmentMemberModel.LastOrderOn) => nameof(MemberSort.LastOrder),
            nameof(SegmentMemberModel.Churn) => nameof(MemberSort.Churn),
            nameof(SegmentMemberModel.PredictedValue) => nameof(MemberSort.PredictedValue),
            _ => nameof(MemberSort.MemberSince)
        };
        searchModel.SortDescending = Request.Form["order[0][dir]"] == "desc";
    }

    /// <summary>Every member as CSV, streamed as it is read, with the grid's search and sort.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> ExportMembers(SegmentMemberSearchModel searchModel)
    {
        var segment = await _segmentService.GetByIdAsync(searchModel?.SegmentId ?? 0);
        if (segment == null)
            return NotFound();
        var (sort, descending) = SegmentModelFactory.ParseSort(searchModel);
        var rows = _memberService.StreamMembers(segment, searchModel.SearchText, sort, descending);
        return new StreamedCsvResult($"segment-{segment.Id}-members.csv", writer => MemberCsvWriter.WriteAsync(rows, writer, HttpContext.RequestAborted));
    }

    /// <summary>
    /// The members' ids for nopCommerce's own customer export (Excel or XML with every customer field), which takes the
    /// selected ids in one form post: up to <see cref="NopExportLimit"/> members; larger segments use the CSV export.
    /// </summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> MemberIds(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        var ids = await _memberService.GetMemberIdsAsync(segment, NopExportLimit + 1);
        if (ids.Count > NopExportLimit)
            return Json(new { Error = string.Format(await ResourceAsync("Members.NopExportTooMany"), NopExportLimit) });
        return Json(new { Ids = string.Join(",", ids) });
    }

    public const int NopExportLimit = 10_000;

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> MovementList(SegmentMovementSearchModel searchModel)
    {
        if (await _segmentService.GetByIdAsync(searchModel?.SegmentId ?? 0) == null)
            return NotFound();
        return Json(await _modelFactory.PrepareMovementListModelAsync(searchModel));
    }

    #endregion

    #region Details

    /// <summary>
    /// The editor's details card for the period picked: the last <paramref name="days"/> days (7, 30 or 90, counted ahead
    /// by the hourly task; by default 30), or with 0 the days <paramref name="from"/> to <paramref name="to"/> (yyyy-MM-dd
    /// in the owner's time zone, both counted): the figures beside the store's, the trend charts'
    /// series and where members came from and went to. A period that cannot be read answers 400 with the reason.
    /// </summary>
    [HttpGet]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Details(int id, int? days, string from, string to)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        var (model, error) = await _modelFactory.PrepareSegmentDetailsModelAsync(segment, days, from, to);
        if (error != null)
            return BadRequest(new { error });
        return PartialView(DetailsView, model);
    }

    #endregion

    #region Static lists

    /// <summary>Adds customers to a static list by e-mail or id (one per line, or separated by commas).</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> AddMembers(int id, string customers)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null || segment.SegmentType != SegmentType.Static)
            return NotFound();
        var lines = (customers ?? string.Empty).Replace(',', '\n').Replace(';', '\n');
        return await ImportTextAsync(segment, lines, null, null, MovementReasons.Added);
    }

    /// <summary>Registered customers whose e-mail, name or id matches, to add to a static list one by one.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> FindCustomers(int id, string text)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null || segment.SegmentType != SegmentType.Static)
            return NotFound();
        var found = await _memberService.FindCustomersAsync(segment, text, SegmentModelFactory.LookupSize);
        return Json(found.Select(c => new { c.Id, c.Email, c.Name, c.Member }));
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> AddMember(int id, int customerId)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null || segment.SegmentType != SegmentType.Static)
            return NotFound();
        var result = await _staticSegmentService.ImportAsync(segment, new StringReader(customerId.ToString(CultureInfo.InvariantCulture)), Now, MovementReasons.Added);
        if (!result.Succeeded)
            return NotFound();
        return Json(new { added = result.Added });
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> RemoveMember(int id, int customerId)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null || segment.SegmentType != SegmentType.Static)
            return NotFound();
        if (await _staticSegmentService.RemoveAsync(segment, [customerId], MovementReasons.Removed, Now) == 0)
            return NotFound();
        return Json(new { removed = 1 });
    }

    /// <summary>Imports a file of e-mail addresses or customer ids; every line's verdict is shown on the page, and a bad line stops the whole file.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> Import(int id, IFormFile importFile)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null || segment.SegmentType != SegmentType.Static)
            return NotFound();
        if (importFile == null || importFile.Length == 0)
            return await ImportRefusedAsync(segment, await ResourceAsync("Import.NoFile"));
        if (importFile.Length > ImportFileDecoder.MaxBytes)
            return await ImportRefusedAsync(segment, string.Format(await ResourceAsync("Import.TooLarge"), ImportFileDecoder.MaxBytes / (1024 * 1024)));

        await using var stream = importFile.OpenReadStream();
        var (text, encoding) = await ImportFileDecoder.DecodeAsync(stream);
        return await ImportTextAsync(segment, text, importFile.FileName, encoding, MovementReasons.Import);
    }

    private async Task<IActionResult> ImportTextAsync(Segment segment, string text, string fileName, string encoding, string reason)
    {
        var result = await _staticSegmentService.ImportAsync(segment, new StringReader(text), Now, reason);
        var report = new ImportReportModel
        {
            FileName = fileName,
            Encoding = encoding,
            Succeeded = result.Succeeded,
            Added = result.Added,
            Lines = result.Rows.Select(r => new ImportLineModel(r.Line, r.Value, r.CustomerId, r.Error)).ToList()
        };
        report.Summary = result.Succeeded
            ? string.Format(await ResourceAsync("Import.Done"), result.Added, result.Rows.Count - result.Added)
            : string.Format(await ResourceAsync("Import.Refused"), result.Rows.Count(r => r.Error != null));
        return await EditWithReportAsync(segment, report);
    }

    private async Task<IActionResult> ImportRefusedAsync(Segment segment, string message) =>
        await EditWithReportAsync(segment, new ImportReportModel { Succeeded = false, Summary = message });

    private async Task<IActionResult> EditWithReportAsync(Segment segment, ImportReportModel report)
    {
        var model = await _modelFactory.PrepareSegmentModelAsync(null, await _segmentService.GetByIdAsync(segment.Id));
        ViewData[nameof(ImportReportModel)] = report;
        return View(EditView, model);
    }

    #endregion

    #region Put to work: discount, role, campaign

    /// <summary>A discount that requires the segment, switched off until the owner has set it up on nopCommerce's discount page.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Promotions.DISCOUNTS_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> CreateDiscount(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        var discount = await _segmentDiscountService.CreateAsync(segment, DiscountType.AssignedToOrderTotal,
            string.Format(await ResourceAsync("Segments.DiscountName"), segment.Name), true, 10);
        discount.IsActive = false;
        await _discountService.UpdateDiscountAsync(discount);
        _notificationService.SuccessNotification(string.Format(await ResourceAsync("Segments.DiscountCreated"), discount.Name));
        return Redirect($"~/Admin/Discount/Edit/{discount.Id}");
    }

    /// <summary>Mirrors the segment into a new role named after it (an existing link is kept) and fills it.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMER_ROLES_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> MirrorRole(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        if (segment.CustomerRoleId == 0)
        {
            var (_, errors) = await _segmentService.SaveAsync(segment, new SegmentInput(segment.Name, segment.Description, segment.SegmentType, segment.Rule,
                segment.StoreId, segment.Priority, segment.Active, 0, segment.Name), Now);
            if (errors.Count > 0)
            {
                _notificationService.ErrorNotification(string.Join(" ", errors.Select(e => e.Message)));
                return RedirectToAction(nameof(Edit), new { id });
            }
        }
        else
            await _roleSyncService.SyncAsync(segment);

        _notificationService.SuccessNotification(await ResourceAsync("Segments.RoleMirrored"));
        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>A newsletter campaign to the segment's mirrored role (nopCommerce's campaigns target a role), opened for the owner to write.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Promotions.CAMPAIGNS_CREATE_EDIT)]
    public async Task<IActionResult> PrepareCampaign(int id)
    {
        var segment = await _segmentService.GetByIdAsync(id);
        if (segment == null)
            return NotFound();
        if (segment.CustomerRoleId == 0)
        {
            _notificationService.ErrorNotification(await ResourceAsync("Segments.Error.CampaignNeedsRole"));
            return RedirectToAction(nameof(Edit), new { id });
        }

        var campaign = new Campaign
        {
            Name = segment.Name,
            Subject = segment.Name,
            Body = string.Empty,
            StoreId = segment.StoreId,
            CustomerRoleId = segment.CustomerRoleId,
            CreatedOnUtc = Now
        };
        await _campaignService.InsertCampaignAsync(campaign);
        return Redirect($"~/Admin/Campaign/Edit/{campaign.Id}");
    }

    #endregion
}

/// <summary>A CSV download written straight to the response as it is produced.</summary>
public sealed class StreamedCsvResult(string fileName, Func<TextWriter, Task<int>> write) : IActionResult
{
    public string FileName { get; } = fileName;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = FileName }.ToString();
        // with a BOM, so spreadsheet programs read the addresses as UTF-8
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(true), 64 * 1024);
        await write(writer);
    }
}
