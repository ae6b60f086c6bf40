// Tests drive kcat and the govpush binary through the same runners the bench commands use.
@_exported import GovPushTools
