print("tab")
	print("x")
