using Microsoft.AspNetCore.Mvc;

namespace Nop.Web.Framework.Controllers;

public abstract partial class BaseController : Controller
{
}
