using Nop.Core.Domain.Stores;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>Two stores, as a multi-store shop has.</summary>
public class FakeStoreService : IStoreService
{
    public static readonly Store Main = new() { Id = 1, Name = "Main store" };
    public static readonly Store Outlet = new() { Id = 2, Name = "Outlet" };

    public Task<IList<Store>> GetAllStoresAsync() => Task.FromResult<IList<Store>>([Main, Outlet]);
}
