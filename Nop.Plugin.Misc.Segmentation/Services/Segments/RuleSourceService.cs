using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>The data segment rules read beyond the profile: the store's tables, or one customer's rows.</summary>
public class RuleSourceService
{
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerRole> _roleRepository;
    private readonly IRepository<CustomerCustomerRoleMapping> _roleMappingRepository;
    private readonly IRepository<Country> _countryRepository;
    private readonly IRepository<Language> _languageRepository;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<OrderItem> _orderItemRepository;
    private readonly IRepository<ProductCategory> _productCategoryRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CustomerCategory> _customerCategoryRepository;
    private readonly IRepository<DiscountUsageHistory> _discountUsageRepository;

    public RuleSourceService(IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<Customer> customerRepository,
        IRepository<CustomerRole> roleRepository,
        IRepository<CustomerCustomerRoleMapping> roleMappingRepository,
        IRepository<Country> countryRepository,
        IRepository<Language> languageRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<ProductCategory> productCategoryRepository,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository,
        IRepository<CustomerCategory> customerCategoryRepository,
        IRepository<DiscountUsageHistory> discountUsageRepository)
    {
        _abandonedCartRepository = abandonedCartRepository;
        _customerCategoryRepository = customerCategoryRepository;
        _customerRepository = customerRepository;
        _roleRepository = roleRepository;
        _roleMappingRepository = roleMappingRepository;
        _countryRepository = countryRepository;
        _languageRepository = languageRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productCategoryRepository = productCategoryRepository;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
        _discountUsageRepository = discountUsageRepository;
    }

    /// <summary>The store's tables, for a rule evaluated over every profile as one query.</summary>
    public RuleSources ForStore() => new()
    {
        Customers = _customerRepository.Table,
        Roles = _roleRepository.Table,
        RoleMappings = _roleMappingRepository.Table,
        Countries = _countryRepository.Table,
        Languages = _languageRepository.Table,
        Orders = _orderRepository.Table,
        OrderItems = _orderItemRepository.Table,
        ProductCategories = _productCategoryRepository.Table,
        Segments = _segmentRepository.Table,
        SegmentMembers = _memberRepository.Table,
        AbandonedCarts = _abandonedCartRepository.Table,
        CustomerCategories = _customerCategoryRepository.Table,
        DiscountUsages = _discountUsageRepository.Table
    };

    /// <summary>
    /// One customer's rows of the sources in <paramref name="used"/> (see <see cref="RuleCompiler.SourcesUsed"/>);
    /// nothing is read for rules over profile fields only. Segments and memberships come from the caller, who
    /// keeps them current while it evaluates one segment after another.
    /// </summary>
    public async Task<RuleSources> ForCustomerAsync(int customerId, IReadOnlySet<string> used, IEnumerable<Segment> segments,
        IEnumerable<SegmentMember> memberships)
    {
        bool Uses(string name) => used.Contains(name);

        List<Customer> customers = [];
        if (Uses(nameof(RuleSources.Customers)))
            customers = await _customerRepository.Table.Where(c => c.Id == customerId).ToListAsync();

        List<CustomerCustomerRoleMapping> mappings = [];
        List<CustomerRole> roles = [];
        if (Uses(nameof(RuleSources.RoleMappings)) || Uses(nameof(RuleSources.Roles)))
        {
            mappings = await _roleMappingRepository.Table.Where(m => m.CustomerId == customerId).ToListAsync();
            var roleIds = mappings.Select(m => m.CustomerRoleId).ToList();
            roles = roleIds.Count == 0 ? [] : await _roleRepository.Table.Where(r => roleIds.Contains(r.Id)).ToListAsync();
        }

        // a handful of rows each; read whole rather than matched to the profiles' ids
        var countries = Uses(nameof(RuleSources.Countries)) ? await _countryRepository.Table.ToListAsync() : [];
        var languages = Uses(nameof(RuleSources.Languages)) ? await _languageRepository.Table.ToListAsync() : [];

        List<Order> orders = [];
        List<OrderItem> items = [];
        List<ProductCategory> categories = [];
        if (Uses(nameof(RuleSources.Orders)))
        {
            orders = await _orderRepository.Table.Where(o => o.CustomerId == customerId).ToListAsync();
            var customerItems = from item in _orderItemRepository.Table
                                join order in _orderRepository.Table on item.OrderId equals order.Id
                                where order.CustomerId == customerId
                                select item;
            items = await customerItems.ToListAsync();
            if (Uses(nameof(RuleSources.ProductCategories)))
                categories = await _productCategoryRepository.Table
                    .Where(mapping => customerItems.Select(item => item.ProductId).Contains(mapping.ProductId))
                    .ToListAsync();
        }

        // the usage on the customer's orders (the rule asks which of them are counted, and where)
        var discountUsages = Uses(nameof(RuleSources.DiscountUsages))
            ? await (from usage in _discountUsageRepository.Table
                     join order in _orderRepository.Table on usage.OrderId equals order.Id
                     where order.CustomerId == customerId
                     select usage).ToListAsync()
            : [];

        var abandonedCarts = Uses(nameof(RuleSources.AbandonedCarts))
            ? await _abandonedCartRepository.Table.Where(a => a.CustomerId == customerId).ToListAsync()
            : [];

        var customerCategories = Uses(nameof(RuleSources.CustomerCategories))
            ? await _customerCategoryRepository.Table.Where(c => c.CustomerId == customerId).ToListAsync()
            : [];

        return new RuleSources
        {
            Customers = customers.AsQueryable(),
            RoleMappings = mappings.AsQueryable(),
            Roles = roles.AsQueryable(),
            Countries = countries.AsQueryable(),
            Languages = languages.AsQueryable(),
            Orders = orders.AsQueryable(),
            OrderItems = items.AsQueryable(),
            ProductCategories = categories.AsQueryable(),
            Segments = segments.AsQueryable(),
            SegmentMembers = memberships.AsQueryable(),
            AbandonedCarts = abandonedCarts.AsQueryable(),
            CustomerCategories = customerCategories.AsQueryable(),
            DiscountUsages = discountUsages.AsQueryable()
        };
    }
}
