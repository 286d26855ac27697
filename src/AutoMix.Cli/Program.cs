using AutoMix.Cli;

return await AutoMixCommandLine.InvokeAsync(args, Console.Out, Console.Error, CancellationToken.None);
