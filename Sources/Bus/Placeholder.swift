enum BusPlaceholder {}
