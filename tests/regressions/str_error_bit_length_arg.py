print("before")
(1).bit_length(1)
print("not reached")
