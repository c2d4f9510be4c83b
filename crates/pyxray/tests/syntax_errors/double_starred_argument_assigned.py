print(**opts={})
