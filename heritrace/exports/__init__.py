"""Export certificates: the UNESCO-WCO Model Export Certificate filled in from a register record, signed."""
