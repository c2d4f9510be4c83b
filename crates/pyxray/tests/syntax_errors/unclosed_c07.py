result = calc(1,
              2
return result
