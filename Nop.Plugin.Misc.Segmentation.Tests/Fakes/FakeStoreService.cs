using Nop.Core.Domain.Stores;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>Two stores, as a multi-store shop has.</summary>
public class FakeStoreService : IStoreService
{
    public static readonly Store Main = new() { Id = 1, Name = "Main store", Url = "https://shop.example/" };
    public static readonly Store Outlet = new() { Id = 2, Name = "Outlet", Url = "https://outlet.example" };

    public Task<Store> GetStoreByIdAsync(int storeId) => Task.FromResult(new[] { Main, Outlet }.FirstOrDefault(s => s.Id == storeId));

    public Task<IList<Store>> GetAllStoresAsync() => Task.FromResult<IList<Store>>([Main, Outlet]);
}
