namespace Nop.Web.Framework.Models;

public abstract partial record BaseSearchModel : BaseNopModel, IPagingRequestModel
{
    protected BaseSearchModel()
    {
        Length = 10;
    }

    // data tables send the first row and the row count; pages are counted from 1
    public int Page => Start / Length + 1;

    public int PageSize => Length;

    public string AvailablePageSizes { get; set; }

    public string Draw { get; set; }

    public int Start { get; set; }

    public int Length { get; set; }

    // nopCommerce reads the admin area settings here; the surface has none to read
    public virtual void SetGridPageSize()
    {
        SetGridPageSize(15, "7, 15, 20, 50, 100");
    }

    public virtual void SetPopupGridPageSize()
    {
        SetGridPageSize(7, "7, 15, 20, 50, 100");
    }

    public virtual void SetGridPageSize(int pageSize, string availablePageSizes = null)
    {
        Start = 0;
        Length = pageSize;
        AvailablePageSizes = availablePageSizes;
    }
}
