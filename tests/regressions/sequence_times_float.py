print('ab' * 2, [1] * True)
print('whm' * -14470.8334)
