// Database fixtures create and drop their own databases; running them one at a time keeps the 2-core CI predictable.
[assembly: NUnit.Framework.LevelOfParallelism(1)]
