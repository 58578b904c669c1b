using Nop.Core;

namespace Nop.Web.Framework.Models.Extensions;

public static class ModelExtensions
{
    public static IPagedList<T> ToPagedList<T>(this IList<T> list, IPagingRequestModel pagingRequestModel) =>
        new PagedList<T>(list, pagingRequestModel.Page - 1, pagingRequestModel.PageSize);

    public static TListModel PrepareToGrid<TListModel, TModel, TObject>(this TListModel listModel,
        BaseSearchModel searchModel, IPagedList<TObject> objectList, Func<IEnumerable<TModel>> dataFillFunction)
        where TListModel : BasePagedListModel<TModel>
        where TModel : BaseNopModel
    {
        ArgumentNullException.ThrowIfNull(listModel);
        listModel.Data = dataFillFunction?.Invoke();
        listModel.Draw = searchModel?.Draw;
        listModel.RecordsTotal = listModel.RecordsFiltered = objectList?.TotalCount ?? 0;
        return listModel;
    }
}
